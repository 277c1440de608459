import { type AppEnv, requestTx, requireTenant, requireUser } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type * as routes from './centre.routes.ts';
import * as centre from './centre.service.ts';

/** Everyone signed in has a centre; each person reaches only their own notifications. */
const me = (c: Context<AppEnv>) => ({ tenantId: requireTenant(c).id, userId: requireUser(c).id });

export const listNotifications: RouteHandler<typeof routes.listNotifications, AppEnv> = async (c) =>
  c.json(await centre.listMine(requestTx(c), me(c), c.req.valid('query')), 200);

export const unreadCount: RouteHandler<typeof routes.unreadCount, AppEnv> = async (c) =>
  c.json(await centre.unreadCount(requestTx(c), me(c)), 200);

export const markRead: RouteHandler<typeof routes.markRead, AppEnv> = async (c) =>
  c.json(await centre.markRead(requestTx(c), me(c), c.req.valid('param').id), 200);

export const markAllRead: RouteHandler<typeof routes.markAllRead, AppEnv> = async (c) =>
  c.json(await centre.markAllRead(requestTx(c), me(c)), 200);
