import { type AppEnv, requestTx, requirePermission, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { TEMPLATE_LOCALES } from './defaults.ts';
import type * as routes from './templates.routes.ts';
import * as templates from './templates.service.ts';

/** Every template operation is the office's; the rest of the school gets 403. */
const office = (c: Context<AppEnv>) => {
  const user = requirePermission(c, 'messaging:templates:manage');
  return { tenantId: requireTenant(c).id, userId: user.id, tx: requestTx(c) };
};

export const listTemplateEvents: RouteHandler<typeof routes.listTemplateEvents, AppEnv> = async (c) => {
  office(c);
  return c.json({ data: templates.listTemplateEvents(), locales: [...TEMPLATE_LOCALES] }, 200);
};

export const getTemplate: RouteHandler<typeof routes.getTemplate, AppEnv> = async (c) => {
  const { tx, tenantId } = office(c);
  return c.json(await templates.getTemplate(tx, tenantId, c.req.valid('param')), 200);
};

export const saveTemplate: RouteHandler<typeof routes.saveTemplate, AppEnv> = async (c) => {
  const { tx, tenantId, userId } = office(c);
  return c.json(
    await templates.saveTemplate(tx, tenantId, userId, c.req.valid('param'), c.req.valid('json')),
    201,
  );
};

export const activateTemplate: RouteHandler<typeof routes.activateTemplate, AppEnv> = async (c) => {
  const { tx, tenantId } = office(c);
  const { version, ...key } = c.req.valid('param');
  return c.json(await templates.activateTemplate(tx, tenantId, key, version), 200);
};

export const revertTemplate: RouteHandler<typeof routes.revertTemplate, AppEnv> = async (c) => {
  const { tx, tenantId } = office(c);
  return c.json(await templates.revertTemplate(tx, tenantId, c.req.valid('param')), 200);
};

export const previewTemplate: RouteHandler<typeof routes.previewTemplate, AppEnv> = async (c) => {
  const { tx, tenantId } = office(c);
  const body = c.req.valid('json');
  // Nothing sent: preview what is in use. Otherwise the draft, checked as a save would be.
  const source =
    body.subject !== undefined || body.body !== undefined
      ? { subject: body.subject ?? '', body: body.body ?? '', html: body.html ?? null }
      : undefined;
  return c.json(await templates.previewTemplate(tx, tenantId, c.req.valid('param'), source), 200);
};
