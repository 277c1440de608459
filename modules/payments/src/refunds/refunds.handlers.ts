import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { inRequestContext, paymentDeps, withPayments } from '../http-context.ts';
import { refunds } from '../schema.ts';
import { readPayment } from '../services/payment-view.ts';
import { refundPayment, refundView } from '../services/refunds.ts';
import type * as routes from './refunds.routes.ts';

export const createRefund: RouteHandler<typeof routes.createRefund, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const refund = await refundPayment(paymentDeps(c), inRequestContext(c), {
    ...c.req.valid('json'),
    paymentId: id,
  });
  return c.json(refund, 201);
};

export const listRefunds: RouteHandler<typeof routes.listRefunds, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const data = await withPayments(c, async (tx, ctx) => {
    const payment = await readPayment(tx, ctx.tenantId, ctx.viewer, id);
    const rows = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.tenantId, ctx.tenantId), eq(refunds.paymentId, payment.id)))
      .orderBy(asc(refunds.createdAt));
    return rows.map(refundView);
  });
  return c.json({ data }, 200);
};
