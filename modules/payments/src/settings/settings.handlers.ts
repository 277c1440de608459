import { type AppEnv, requireCan, updateModuleSettings } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { OFFICE_ONLY } from '../services/payment-errors.ts';
import { type PaymentSettings, paymentSettings } from '../settings.ts';
import type * as routes from './settings.routes.ts';

export const getSettings: RouteHandler<typeof routes.getSettings, AppEnv> = async (c) =>
  c.json(await withPayments(c, async (_tx, ctx) => ctx.settings), 200);

export const updateSettings: RouteHandler<typeof routes.updateSettings, AppEnv> = async (c) => {
  const changes = c.req.valid('json') as Partial<PaymentSettings>;
  const settings = await withPayments(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'payments:settings:manage', { detail: OFFICE_ONLY });
    return updateModuleSettings({ tx, tenantId: ctx.tenantId, settings: paymentSettings, changes });
  });
  return c.json(settings, 200);
};
