import type { Tx } from '@dualcontrol/db';
import { emitEvent } from '@dualcontrol/platform';
import { and, eq, inArray } from 'drizzle-orm';
import { paymentsEvents } from '../events.ts';
import { cancellationFees, lessonPackages, type Payment, paymentSchedules, payments } from '../schema.ts';
import { grantCredit, lockCredit } from './credit-ledger.ts';
import { issueInvoiceFor } from './invoices.ts';
import { noteOutstandingChange } from './outstanding.ts';

/** Schedule statuses that count as owed (outstanding.ts). */
const OWED_SCHEDULE: readonly string[] = ['failed', 'retrying'];

/**
 * Moves a payment to succeeded and applies its effects exactly once: the package's credit, the
 * instalment or fee marked paid, an invoice for money received, and `payment.succeeded` (which
 * releases a booking waiting for its payment). The conditional update is the guard: a second
 * settlement of the same payment (a redelivered webhook, a retried activity) changes nothing.
 */
export async function settlePayment(
  tx: Tx,
  tenantId: string,
  paymentId: string,
  at: Date,
): Promise<Payment | null> {
  const [payment] = await tx
    .update(payments)
    .set({ status: 'succeeded', succeededAt: at, failureMessage: null })
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.id, paymentId),
        inArray(payments.status, ['pending', 'failed']),
      ),
    )
    .returning();
  if (!payment) return null;

  if (payment.purpose === 'package' && payment.packageId) {
    const [pkg] = await tx
      .select()
      .from(lessonPackages)
      .where(and(eq(lessonPackages.tenantId, tenantId), eq(lessonPackages.id, payment.packageId)));
    await lockCredit(tx, tenantId, payment.studentId);
    await grantCredit(tx, {
      tenantId,
      studentId: payment.studentId,
      kind: 'purchase',
      amountMinor: pkg!.creditMinor,
      currency: pkg!.currency,
      expiresAt: pkg!.validityDays ? new Date(at.getTime() + pkg!.validityDays * 86_400_000) : null,
      packageId: pkg!.id,
      paymentId: payment.id,
      reason: pkg!.name,
      now: at,
    });
  }
  if (payment.purpose === 'instalment' && payment.scheduleId) {
    const where = and(eq(paymentSchedules.tenantId, tenantId), eq(paymentSchedules.id, payment.scheduleId));
    const [before] = await tx.select().from(paymentSchedules).where(where).for('update');
    await tx.update(paymentSchedules).set({ status: 'paid', paidAt: at, lastError: null }).where(where);
    if (before && OWED_SCHEDULE.includes(before.status))
      await noteOutstandingChange(tx, tenantId, {
        studentId: payment.studentId,
        changeMinor: -before.amountMinor,
        currency: payment.currency,
      });
  }
  if (payment.purpose === 'cancellation_fee' && payment.bookingId) {
    // The fee of this payment's seat (a group session has one fee per participant).
    const where = and(
      eq(cancellationFees.tenantId, tenantId),
      eq(cancellationFees.bookingId, payment.bookingId),
      eq(cancellationFees.studentId, payment.studentId),
    );
    const before = await tx.select().from(cancellationFees).where(where).for('update');
    await tx
      .update(cancellationFees)
      .set({ status: payment.method === 'credit' ? 'credited' : 'paid', paymentId: payment.id })
      .where(where);
    const wasDue = before.filter((f) => f.status === 'due').reduce((sum, f) => sum + f.amountMinor, 0);
    await noteOutstandingChange(tx, tenantId, {
      studentId: payment.studentId,
      changeMinor: -wasDue,
      currency: payment.currency,
    });
  }
  await emitEvent(tx, tenantId, paymentsEvents['payment.succeeded'], {
    paymentId: payment.id,
    studentId: payment.studentId,
    purpose: payment.purpose,
    method: payment.method,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    ...(payment.bookingId ? { bookingId: payment.bookingId } : {}),
    ...(payment.scheduleId ? { scheduleId: payment.scheduleId } : {}),
  });
  // Last, so the school's invoice counter stays locked only until the commit that follows.
  // Paying with credit moves prepaid money: it was invoiced when the credit was bought.
  if (payment.method !== 'credit') {
    await issueInvoiceFor(tx, tenantId, {
      kind: 'invoice',
      payment,
      description: payment.description,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      at,
    });
  }
  return payment;
}

/** A pending card payment the bank refused; a later attempt may still succeed (then it settles). */
export async function failPayment(tx: Tx, tenantId: string, paymentId: string, message: string) {
  const [payment] = await tx
    .update(payments)
    .set({ status: 'failed', failureMessage: message })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), eq(payments.status, 'pending')))
    .returning();
  if (payment) {
    await emitEvent(tx, tenantId, paymentsEvents['payment.failed'], {
      paymentId,
      studentId: payment.studentId,
      purpose: payment.purpose,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      message,
      ...(payment.bookingId ? { bookingId: payment.bookingId } : {}),
      ...(payment.scheduleId ? { scheduleId: payment.scheduleId } : {}),
    });
  }
  return payment ?? null;
}
