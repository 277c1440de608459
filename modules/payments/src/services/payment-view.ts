import type { Tx } from '@dualcontrol/db';
import type { Viewer } from '@dualcontrol/platform';
import { can } from '@dualcontrol/platform';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Payment, payments, refunds } from '../schema.ts';
import { paymentNotFound } from './payment-errors.ts';

export type PaymentView = {
  id: string;
  studentId: string;
  bookingId: string | null;
  packageId: string | null;
  scheduleId: string | null;
  purpose: Payment['purpose'];
  method: Payment['method'];
  status: Payment['status'];
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  description: string;
  failureMessage: string | null;
  createdAt: string;
  succeededAt: string | null;
};

export function paymentView(p: Payment, refundedMinor: number): PaymentView {
  return {
    id: p.id,
    studentId: p.studentId,
    bookingId: p.bookingId,
    packageId: p.packageId,
    scheduleId: p.scheduleId,
    purpose: p.purpose,
    method: p.method,
    status: p.status,
    amountMinor: p.amountMinor,
    refundedMinor,
    currency: p.currency,
    description: p.description,
    failureMessage: p.failureMessage,
    createdAt: p.createdAt.toISOString(),
    succeededAt: p.succeededAt?.toISOString() ?? null,
  };
}

/** Money already given back (or on its way back) per payment. */
export async function refundedTotals(
  tx: Tx,
  tenantId: string,
  paymentIds: string[],
): Promise<Map<string, number>> {
  if (paymentIds.length === 0) return new Map();
  const rows = await tx
    .select({ paymentId: refunds.paymentId, total: sql<string>`sum(${refunds.amountMinor})` })
    .from(refunds)
    .where(
      and(
        eq(refunds.tenantId, tenantId),
        inArray(refunds.paymentId, paymentIds),
        inArray(refunds.status, ['pending', 'succeeded']),
      ),
    )
    .groupBy(refunds.paymentId);
  return new Map(rows.map((r) => [r.paymentId, Number(r.total)]));
}

export async function viewPayments(tx: Tx, tenantId: string, rows: Payment[]): Promise<PaymentView[]> {
  const refunded = await refundedTotals(
    tx,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => paymentView(r, refunded.get(r.id) ?? 0));
}

/** Staff see every payment; a student only their own. Anything else is "not found", not "forbidden". */
export const canSeePayment = (viewer: Viewer, p: { studentId: string }) =>
  can(viewer, 'payments:payment:read:own', { studentId: p.studentId });

export async function readPayment(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  paymentId: string,
  opts: { lock?: boolean } = {},
): Promise<Payment> {
  const query = tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row || !canSeePayment(viewer, row)) throw paymentNotFound();
  return row;
}
