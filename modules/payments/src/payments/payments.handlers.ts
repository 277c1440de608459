import { type AppEnv, decodeCursor, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { inRequestContext, paymentDeps, withPayments } from '../http-context.ts';
import {
  openBookingCardPayment,
  payableBooking,
  payBookingWithCredit,
} from '../services/booking-payments.ts';
import { cancelPendingPayment } from '../services/cancel-payment.ts';
import { chargeCard, declinedProblem } from '../services/card-charge.ts';
import { listPayments as list } from '../services/list-payments.ts';
import { recordManualPayment } from '../services/manual-payments.ts';
import { paymentView, readPayment, viewPayments } from '../services/payment-view.ts';
import type * as routes from './payments.routes.ts';

export const listPayments: RouteHandler<typeof routes.listPayments, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const page = await withPayments(c, (tx, ctx) =>
    list(tx, ctx, {
      studentId: q.studentId,
      bookingId: q.bookingId,
      status: q.status,
      limit: q.limit,
      before: decodeCursor(q.cursor),
    }),
  );
  return c.json(page, 200);
};

export const getPayment: RouteHandler<typeof routes.getPayment, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const view = await withPayments(c, async (tx, ctx) => {
    const payment = await readPayment(tx, ctx.tenantId, ctx.viewer, id);
    return (await viewPayments(tx, ctx.tenantId, [payment]))[0]!;
  });
  return c.json(view, 200);
};

export const recordPayment: RouteHandler<typeof routes.recordPayment, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const payment = await withPayments(c, (tx, ctx) => recordManualPayment(tx, ctx, body));
  return c.json(paymentView(payment, 0), 201);
};

/**
 * Credit is spent in one transaction. A card payment is opened (committed) first and charged
 * after, keyed by the payment's id, so a retried request never charges twice.
 */
export const payBooking: RouteHandler<typeof routes.payBooking, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  if (body.method === 'credit') {
    const payment = await withPayments(c, async (tx, ctx) =>
      payBookingWithCredit(tx, ctx, await payableBooking(tx, ctx, id, body.studentId)),
    );
    return c.json({ ...paymentView(payment, 0), clientSecret: null }, 201);
  }
  const opened = await inRequestContext(c)(async (tx, ctx) => {
    const booking = await payableBooking(tx, ctx, id, body.studentId);
    return openBookingCardPayment(tx, ctx, booking, body.paymentMethodId);
  });
  const { payment, clientSecret } = await chargeCard(paymentDeps(c), requireTenant(c).id, opened.id, {
    offSession: false,
  });
  if (payment.status === 'failed') throw declinedProblem(payment);
  return c.json({ ...paymentView(payment, 0), clientSecret }, 201);
};

export const cancelPayment: RouteHandler<typeof routes.cancelPayment, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const payment = await cancelPendingPayment(paymentDeps(c), inRequestContext(c), id);
  return c.json(paymentView(payment, 0), 200);
};
