import { tenantModules } from '@dualcontrol/db';
import type { AppEnv } from '@dualcontrol/platform';
import { requireCan } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { withPayments } from '../http-context.ts';
import { OFFICE_ONLY } from '../services/payment-errors.ts';
import { loadPaymentSettings } from '../services/payments-context.ts';
import type { PaymentSettings } from '../settings.ts';
import type * as routes from './settings.routes.ts';

export const getSettings: RouteHandler<typeof routes.getSettings, AppEnv> = async (c) =>
  c.json(await withPayments(c, async (_tx, ctx) => ctx.settings), 200);

export const updateSettings: RouteHandler<typeof routes.updateSettings, AppEnv> = async (c) => {
  const changes = c.req.valid('json') as Partial<PaymentSettings>;
  const settings = await withPayments(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'payments:settings:manage', { detail: OFFICE_ONLY });
    await tx
      .update(tenantModules)
      .set({ settings: sql`${tenantModules.settings} || ${JSON.stringify(changes)}::jsonb` })
      .where(and(eq(tenantModules.tenantId, ctx.tenantId), eq(tenantModules.moduleId, 'payments')));
    return loadPaymentSettings(tx, ctx.tenantId);
  });
  return c.json(settings, 200);
};
