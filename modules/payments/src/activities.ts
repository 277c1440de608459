import { AppError, emitEvent, type WorkerDeps } from '@dualcontrol/platform';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import { paymentsEvents } from './events.ts';
import { paymentPlans, paymentSchedules } from './schema.ts';
import {
  bookingPayments,
  creditCovers,
  openBookingCardPayment,
  payableBooking,
  payBookingWithCredit,
  savedCard,
} from './services/booking-payments.ts';
import { chargeCard, type PaymentDeps } from './services/card-charge.ts';
import { noteOutstandingChange } from './services/outstanding.ts';
import { openInstalmentPayment, readPlan } from './services/payment-plans.ts';
import { stripeGateway } from './services/stripe-gateway.ts';
import { inSystemContext } from './services/system-context.ts';

export type BookingPaymentOutcome = 'paid' | 'pending' | 'failed' | 'awaiting_student' | 'not_payable';
export type PlanSnapshot = {
  status: string;
  retryDelaysSeconds: number[];
  schedule: { id: string; seq: number; dueAt: string; status: string; attempts: number }[];
};
export type InstalmentOutcome = {
  outcome: 'paid' | 'failed' | 'skipped';
  planStatus: string;
  message?: string;
};

/** A refusal (wrong state, unknown row) will not change on retry: it fails the activity for good. */
function asFailure(error: unknown): unknown {
  if (error instanceof AppError)
    return ApplicationFailure.nonRetryable(error.message, error.code, {
      status: error.status,
      ...error.extra,
    });
  return error;
}

const guarded =
  <A, R>(fn: (input: A) => Promise<R>) =>
  async (input: A): Promise<R> => {
    try {
      return await fn(input);
    } catch (error) {
      throw asFailure(error);
    }
  };

/** Thin activities over the payments services, each acting as the system for one school. */
export function createPaymentsActivities(deps: WorkerDeps) {
  const pd: PaymentDeps = { db: deps.db, env: deps.env, keyring: deps.keyring };
  return {
    /**
     * The booking workflow's payment step, done by payments: credit first, then the saved card
     * (off-session); with neither, the student pays in the portal before the deadline.
     */
    collectBookingPayment: guarded(
      async (input: { tenantId: string; bookingId: string }): Promise<BookingPaymentOutcome> => {
        const step = await inSystemContext(
          pd,
          input.tenantId,
        )(async (tx, ctx): Promise<{ outcome: BookingPaymentOutcome } | { charge: string }> => {
          const live = await bookingPayments(tx, ctx.tenantId, input.bookingId);
          if (live.some((p) => p.status === 'succeeded')) return { outcome: 'paid' as const };
          const pending = live.find((p) => p.status === 'pending' && p.method === 'card');
          if (pending) return { charge: pending.id };
          let booking: Awaited<ReturnType<typeof payableBooking>>;
          try {
            booking = await payableBooking(tx, ctx, input.bookingId);
          } catch (error) {
            if (error instanceof AppError && error.status < 500) return { outcome: 'not_payable' as const };
            throw error;
          }
          if (await creditCovers(tx, ctx, booking)) {
            await payBookingWithCredit(tx, ctx, booking);
            return { outcome: 'paid' as const };
          }
          const card = await savedCard(tx, ctx.tenantId, booking.studentId);
          if (!card || !(await stripeGateway(tx, ctx.secrets, ctx.tenantId)))
            return { outcome: 'awaiting_student' as const };
          return { charge: (await openBookingCardPayment(tx, ctx, booking, card.id)).id };
        });
        if ('outcome' in step) return step.outcome;
        const { payment } = await chargeCard(pd, input.tenantId, step.charge, { offSession: true });
        return payment.status === 'succeeded' ? 'paid' : payment.status === 'failed' ? 'failed' : 'pending';
      },
    ),

    loadPaymentPlan: guarded(async (input: { tenantId: string; planId: string }): Promise<PlanSnapshot> => {
      return inSystemContext(
        pd,
        input.tenantId,
      )(async (tx, ctx) => {
        const plan = await readPlan(tx, ctx, input.planId);
        const schedule = await tx
          .select()
          .from(paymentSchedules)
          .where(and(eq(paymentSchedules.tenantId, ctx.tenantId), eq(paymentSchedules.planId, plan.id)));
        return {
          status: plan.status,
          retryDelaysSeconds: plan.retryDelaysSeconds,
          schedule: schedule
            .sort((a, b) => a.seq - b.seq)
            .map((s) => ({
              id: s.id,
              seq: s.seq,
              dueAt: s.dueAt.toISOString(),
              status: s.status,
              attempts: s.attempts,
            })),
        };
      });
    }),

    /**
     * One attempt at an instalment. The payment row is committed before Stripe is called and
     * reused by a retried activity, so its idempotency key (the payment id) never charges twice.
     * A refusal is recorded on the schedule and announced (`payment_plan.instalment_failed`) for dunning.
     */
    chargeInstalment: guarded(
      async (input: {
        tenantId: string;
        planId: string;
        scheduleId: string;
        willRetry: boolean;
      }): Promise<InstalmentOutcome> => {
        const system = inSystemContext(pd, input.tenantId);
        const step = await system(
          async (tx, ctx): Promise<{ done: InstalmentOutcome } | { paymentId: string }> => {
            const plan = await readPlan(tx, ctx, input.planId, { lock: true });
            const [schedule] = await tx
              .select()
              .from(paymentSchedules)
              .where(
                and(eq(paymentSchedules.tenantId, ctx.tenantId), eq(paymentSchedules.id, input.scheduleId)),
              );
            if (!schedule) throw new Error(`schedule ${input.scheduleId} not found`);
            if (schedule.status === 'paid')
              return { done: { outcome: 'paid' as const, planStatus: plan.status } };
            if (plan.status !== 'active')
              return { done: { outcome: 'skipped' as const, planStatus: plan.status } };
            return { paymentId: (await openInstalmentPayment(tx, ctx, plan, schedule)).id };
          },
        );
        if ('done' in step) return step.done;
        const { payment } = await chargeCard(pd, input.tenantId, step.paymentId, { offSession: true });
        if (payment.status === 'succeeded') return { outcome: 'paid', planStatus: 'active' };
        const message = payment.failureMessage ?? 'the card could not be charged';
        await system(async (tx, ctx) => {
          const [before] = await tx
            .select({ status: paymentSchedules.status })
            .from(paymentSchedules)
            .where(
              and(eq(paymentSchedules.tenantId, ctx.tenantId), eq(paymentSchedules.id, input.scheduleId)),
            )
            .for('update');
          const [schedule] = await tx
            .update(paymentSchedules)
            .set({
              status: input.willRetry ? 'retrying' : 'failed',
              lastError: message,
              attempts: sql`${paymentSchedules.attempts} + 1`,
            })
            .where(
              and(eq(paymentSchedules.tenantId, ctx.tenantId), eq(paymentSchedules.id, input.scheduleId)),
            )
            .returning();
          await emitEvent(tx, ctx.tenantId, paymentsEvents['payment_plan.instalment_failed'], {
            planId: input.planId,
            scheduleId: input.scheduleId,
            paymentId: payment.id,
            attempt: schedule!.attempts,
            willRetry: input.willRetry,
            amountMinor: payment.amountMinor,
            currency: payment.currency,
            message,
          });
          // From scheduled to failed or retrying: the instalment is now owed (retrying → failed is not news).
          if (before && before.status !== 'failed' && before.status !== 'retrying')
            await noteOutstandingChange(tx, ctx.tenantId, {
              studentId: payment.studentId,
              changeMinor: schedule!.amountMinor,
              currency: payment.currency,
            });
        });
        return { outcome: 'failed', planStatus: 'active', message };
      },
    ),

    /** Ends an active plan as completed (all paid) or defaulted (an instalment failed its last retry). */
    finishPaymentPlan: guarded(
      async (input: {
        tenantId: string;
        planId: string;
        outcome: 'completed' | 'defaulted';
      }): Promise<void> => {
        await inSystemContext(
          pd,
          input.tenantId,
        )(async (tx, ctx) => {
          const [plan] = await tx
            .update(paymentPlans)
            .set({ status: input.outcome })
            .where(
              and(
                eq(paymentPlans.tenantId, ctx.tenantId),
                eq(paymentPlans.id, input.planId),
                eq(paymentPlans.status, 'active'),
              ),
            )
            .returning();
          if (plan)
            await emitEvent(tx, ctx.tenantId, paymentsEvents[`payment_plan.${input.outcome}`], {
              planId: plan.id,
              studentId: plan.studentId,
            });
        });
      },
    ),
  };
}

export type PaymentsActivities = ReturnType<typeof createPaymentsActivities>;
