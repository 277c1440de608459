import { type AppEnv, requestTx, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as invitations from '../services/guardian-invitations.ts';
import type * as routes from './invitations.routes.ts';

export const inviteGuardian: RouteHandler<typeof routes.inviteGuardian, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const mail = { mailer: deps.mailer, appDomain: deps.env.APP_DOMAIN, tenant: requireTenant(c) };
  return c.json(await withLessons(c, (tx, ctx) => invitations.inviteGuardian(tx, ctx, mail, id, body)), 201);
};

export const previewInvitation: RouteHandler<typeof routes.previewInvitation, AppEnv> = async (c) => {
  const { token } = c.req.valid('json');
  return c.json(await invitations.previewInvitation(requestTx(c), requireTenant(c), token, new Date()), 200);
};

export const acceptInvitation: RouteHandler<typeof routes.acceptInvitation, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const user = c.get('user');
  const userAgent = c.req.header('user-agent');
  const accepted = await invitations.acceptInvitation(
    requestTx(c),
    requireTenant(c),
    user ? { id: user.id, email: user.email } : undefined,
    body,
    { now: new Date(), ip: c.get('clientIp'), ...(userAgent ? { userAgent } : {}) },
  );
  return c.json(accepted, 200);
};

export const listMyLearners: RouteHandler<typeof routes.listMyLearners, AppEnv> = async (c) =>
  c.json(await withLessons(c, (tx, ctx) => invitations.listMyLearners(tx, ctx)), 200);
