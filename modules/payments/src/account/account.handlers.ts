import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { readAccount, saveAccount } from '../services/payment-account.ts';
import type * as routes from './account.routes.ts';

export const getAccount: RouteHandler<typeof routes.getAccount, AppEnv> = async (c) =>
  c.json(await withPayments(c, (tx, ctx) => readAccount(tx, ctx.tenantId, c.get('deps').env)), 200);

export const putAccount: RouteHandler<typeof routes.putAccount, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const view = await withPayments(c, (tx, ctx) => saveAccount(tx, ctx, deps, body));
  return c.json(view, 200);
};
