import { Id } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { MANUAL_METHODS, PAYMENT_METHOD_KINDS, PAYMENT_PURPOSES, PAYMENT_STATUSES } from '../schema.ts';

export const Money = z.number().int('whole minor units (pence, cents)').min(1).max(100_000_000);

export const PaymentSchema = z
  .object({
    id: z.string(),
    studentId: z.string(),
    bookingId: z.string().nullable(),
    packageId: z.string().nullable(),
    scheduleId: z.string().nullable(),
    purpose: z.enum(PAYMENT_PURPOSES),
    method: z.enum(PAYMENT_METHOD_KINDS),
    status: z.enum(PAYMENT_STATUSES),
    amountMinor: z.number().int(),
    refundedMinor: z.number().int(),
    currency: z.string(),
    description: z.string(),
    failureMessage: z.string().nullable(),
    createdAt: z.string(),
    succeededAt: z.string().nullable(),
  })
  .openapi('Payment');

/** A card payment may need the student's bank to confirm (3-D Secure) in the browser with Stripe.js. */
export const PaymentResultSchema = PaymentSchema.extend({
  clientSecret: z.string().nullable(),
}).openapi('PaymentResult');

export const ManualPaymentSchema = z
  .strictObject({
    studentId: Id,
    method: z.enum(MANUAL_METHODS),
    purpose: z.enum(['booking', 'package', 'cancellation_fee', 'other']),
    amountMinor: Money.optional(),
    bookingId: Id.optional(),
    packageId: Id.optional(),
    description: z.string().min(1).max(200).optional(),
    note: z.string().max(1000).optional(),
  })
  .openapi('ManualPayment');

export const PayBookingSchema = z
  .strictObject({
    method: z.enum(['card', 'credit']),
    /** A saved card of the student (default: their default card). */
    paymentMethodId: Id.optional(),
    /** Whose seat of a group session (the office must say; a student pays their own). */
    studentId: Id.optional(),
  })
  .openapi('PayBooking');
