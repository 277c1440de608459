import type { Tx } from '@dualcontrol/db';
import { badRequest, conflict, requireCan } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { cancellationFees, lessonPackages, type Payment, payments } from '../schema.ts';
import { payableBooking } from './booking-payments.ts';
import { feeNotFound, OFFICE_ONLY, packageNotFound } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import { settlePayment } from './settle-payment.ts';
import { buyerOf } from './student-buyer.ts';

export type ManualPaymentInput = {
  studentId: string;
  method: 'cash' | 'bank_transfer' | 'card_terminal';
  purpose: 'booking' | 'package' | 'cancellation_fee' | 'other';
  amountMinor?: number | undefined;
  bookingId?: string | undefined;
  packageId?: string | undefined;
  description?: string | undefined;
  note?: string | undefined;
};

type Due = {
  amountMinor: number;
  description: string;
  instructorId?: string;
  bookingId?: string;
  packageId?: string;
};

/** What the payment settles and how much that is; an amount given must match it. */
async function dueFor(tx: Tx, ctx: PaymentsContext, input: ManualPaymentInput): Promise<Due> {
  const need = (field: 'bookingId' | 'packageId') => {
    const value = input[field];
    if (!value)
      throw badRequest('request.invalid', `${field} is required for a ${input.purpose} payment.`, [
        { path: `body.${field}`, message: `required when purpose is ${input.purpose}` },
      ]);
    return value;
  };
  switch (input.purpose) {
    case 'booking': {
      const booking = await payableBooking(tx, ctx, need('bookingId'), input.studentId);
      if (booking.studentId !== input.studentId)
        throw badRequest('request.invalid', 'That lesson belongs to another student.', [
          { path: 'body.bookingId', message: 'not a lesson of this student' },
        ]);
      return {
        amountMinor: booking.priceMinor,
        description: `Driving lesson ${booking.startsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        instructorId: booking.instructorId,
        bookingId: booking.id,
      };
    }
    case 'package': {
      const [pkg] = await tx
        .select()
        .from(lessonPackages)
        .where(and(eq(lessonPackages.tenantId, ctx.tenantId), eq(lessonPackages.id, need('packageId'))));
      if (!pkg?.active) throw packageNotFound();
      return { amountMinor: pkg.priceMinor, description: pkg.name, packageId: pkg.id };
    }
    case 'cancellation_fee': {
      const bookingId = need('bookingId');
      const [fee] = await tx
        .select()
        .from(cancellationFees)
        .where(
          and(
            eq(cancellationFees.tenantId, ctx.tenantId),
            eq(cancellationFees.bookingId, bookingId),
            // One fee per seat: a group session may hold several.
            eq(cancellationFees.studentId, input.studentId),
          ),
        )
        .for('update');
      if (!fee || fee.studentId !== input.studentId) throw feeNotFound();
      if (fee.status !== 'due') throw conflict('payments.fee_settled', `This fee is already ${fee.status}.`);
      return { amountMinor: fee.amountMinor, description: 'Late cancellation fee', bookingId };
    }
    case 'other': {
      if (!input.amountMinor || !input.description)
        throw badRequest('request.invalid', 'An "other" payment needs an amount and a description.', [
          ...(input.amountMinor ? [] : [{ path: 'body.amountMinor', message: 'required for purpose other' }]),
          ...(input.description ? [] : [{ path: 'body.description', message: 'required for purpose other' }]),
        ]);
      return { amountMinor: input.amountMinor, description: input.description };
    }
  }
}

/**
 * Staff record money taken by hand (cash, bank transfer, the card terminal in the car). It counts
 * at once: the payment is settled with all its effects in the caller's transaction.
 */
export async function recordManualPayment(
  tx: Tx,
  ctx: PaymentsContext,
  input: ManualPaymentInput,
): Promise<Payment> {
  requireCan(ctx.viewer, 'payments:payment:record', { detail: OFFICE_ONLY });
  await buyerOf(tx, ctx.tenantId, input.studentId);
  const due = await dueFor(tx, ctx, input);
  if (input.amountMinor !== undefined && input.amountMinor !== due.amountMinor)
    throw badRequest('request.invalid', `This ${input.purpose} costs ${due.amountMinor} (minor units).`, [
      { path: 'body.amountMinor', message: `must be ${due.amountMinor} for this ${input.purpose}` },
    ]);
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId: ctx.tenantId,
      studentId: input.studentId,
      instructorId: due.instructorId ?? null,
      bookingId: due.bookingId ?? null,
      packageId: due.packageId ?? null,
      purpose: input.purpose,
      method: input.method,
      status: 'pending',
      amountMinor: due.amountMinor,
      currency: ctx.currency,
      description: input.description ?? due.description,
      note: input.note ?? null,
      recordedBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    })
    .returning();
  return (await settlePayment(tx, ctx.tenantId, payment!.id, ctx.now))!;
}
