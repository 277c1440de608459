import { type AppEnv, updateModuleSettings } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { staffOnly } from '../services/payment-errors.ts';
import { type PaymentSettings, paymentSettings } from '../settings.ts';
import type * as routes from './settings.routes.ts';

export const getSettings: RouteHandler<typeof routes.getSettings, AppEnv> = async (c) =>
  c.json(await withPayments(c, async (_tx, ctx) => ctx.settings), 200);

export const updateSettings: RouteHandler<typeof routes.updateSettings, AppEnv> = async (c) => {
  const changes = c.req.valid('json') as Partial<PaymentSettings>;
  const settings = await withPayments(c, async (tx, ctx) => {
    if (!ctx.viewer.isStaff) throw staffOnly();
    return updateModuleSettings({ tx, tenantId: ctx.tenantId, settings: paymentSettings, changes });
  });
  return c.json(settings, 200);
};
