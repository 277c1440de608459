import { type AppEnv, requestTx, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { createCalendarFeed, renderCalendarFeed, revokeCalendarFeed } from '../services/calendar-feeds.ts';
import type * as routes from './calendar.routes.ts';

export const createFeed: RouteHandler<typeof routes.createFeed, AppEnv> = async (c) => {
  const { id, token } = await withScheduling(c, (tx, ctx) =>
    createCalendarFeed(tx, ctx.tenantId, ctx.viewer.userId),
  );
  const url = new URL(`/api/v1/calendar-feeds/${token}/lessons.ics`, c.req.url);
  // A link opened by a calendar app carries no X-Tenant header: name the school in the host.
  const tenant = requireTenant(c);
  const appDomain = c.get('deps').env.APP_DOMAIN;
  if (!url.hostname.endsWith(`.${appDomain}`)) url.hostname = `${tenant.slug}.${appDomain}`;
  return c.json({ id, url: url.toString() }, 201);
};

export const revokeFeed: RouteHandler<typeof routes.revokeFeed, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await withScheduling(c, (tx, ctx) => revokeCalendarFeed(tx, ctx.tenantId, ctx.viewer, id));
  return c.body(null, 204);
};

export const readFeed: RouteHandler<typeof routes.readFeed, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const { token } = c.req.valid('param');
  const body = await renderCalendarFeed(requestTx(c), tenant.id, token);
  return c.body(body, 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Cache-Control': 'private, max-age=300',
  });
};
