import { defineEvents } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { LEDGER_KINDS, PAYMENT_METHOD_KINDS, PAYMENT_PURPOSES } from './schema.ts';

// Payloads are JSON: ids are UUIDs, money integer minor units with its ISO 4217 currency.
const minor = z.number().int();

/** Who paid what, for what (every payment event). */
const paymentFields = {
  paymentId: z.uuid(),
  studentId: z.uuid(),
  bookingId: z.uuid().optional(),
};

/**
 * Everything payments emits, declared once: emitters and subscribers (here and in messaging, crm,
 * analytics) are typed from it. Payloads are exactly what was emitted before the catalog existed.
 */
export const paymentsEvents = defineEvents({
  /** Money is in (settle-payment.ts); a booking waiting for it is released. */
  'payment.succeeded': z.object({
    ...paymentFields,
    purpose: z.enum(PAYMENT_PURPOSES),
    method: z.enum(PAYMENT_METHOD_KINDS),
    amountMinor: minor,
    currency: z.string(),
    scheduleId: z.uuid().optional(),
  }),
  /** The bank refused a card payment; a later attempt may still succeed (settle-payment.ts). */
  'payment.failed': z.object({
    ...paymentFields,
    purpose: z.enum(PAYMENT_PURPOSES),
    amountMinor: minor,
    currency: z.string(),
    message: z.string(),
    scheduleId: z.uuid().optional(),
  }),
  /** A pending payment cancelled before it completed (cancel-payment.ts). */
  'payment.cancelled': z.object(paymentFields),
  /** A refund completed, to the card or as credit (refunds.ts). */
  'payment.refunded': z.object({
    ...paymentFields,
    refundId: z.uuid(),
    amountMinor: minor,
    currency: z.string(),
    destination: z.enum(['original', 'credit']),
  }),
  /** A verified Stripe webhook, stored; processed from the outbox (stripe-webhooks.ts). */
  'stripe.event_received': z.object({
    stripeEventId: z.string(),
    type: z.string(),
    objectId: z.string().nullable(),
  }),
  'payment_plan.created': z.object({
    planId: z.uuid(),
    studentId: z.uuid(),
    totalMinor: minor,
    currency: z.string(),
  }),
  /** Paused, resumed or cancelled by the school; the plan's workflow is signalled (payment-plans.ts). */
  'payment_plan.changed': z.object({
    planId: z.uuid(),
    status: z.enum(['active', 'paused', 'cancelled']),
  }),
  /** One instalment attempt failed; `willRetry` says whether dunning goes on (activities.ts). */
  'payment_plan.instalment_failed': z.object({
    planId: z.uuid(),
    scheduleId: z.uuid(),
    paymentId: z.uuid(),
    attempt: z.number().int(),
    willRetry: z.boolean(),
    amountMinor: minor,
    currency: z.string(),
    message: z.string(),
  }),
  'payment_plan.completed': z.object({ planId: z.uuid(), studentId: z.uuid() }),
  /**
   * A student's usable credit moved (credit-ledger.ts: a purchase, a refund to credit, an
   * adjustment, or credit spent on a lesson or a fee): the balance before and after. Credit that
   * expires with time moves no ledger entry until it is next touched, so it emits nothing by itself.
   */
  'credit.balance_changed': z.object({
    studentId: z.uuid(),
    kind: z.enum(LEDGER_KINDS),
    previousMinor: minor,
    balanceMinor: minor,
    changeMinor: minor,
    currency: z.string(),
  }),
  /**
   * What a student owes moved (outstanding.ts): a late-cancellation fee left due, paid or waived;
   * an instalment that failed (or is being retried), paid or cancelled. `changeMinor` summed over
   * these events is what students owe the school; `outstandingMinor` is this student's total now.
   */
  'payment.outstanding_changed': z.object({
    studentId: z.uuid(),
    changeMinor: minor,
    outstandingMinor: minor,
    currency: z.string(),
  }),
  'payment_plan.defaulted': z.object({ planId: z.uuid(), studentId: z.uuid() }),
});

export type PaymentsEvents = typeof paymentsEvents;
