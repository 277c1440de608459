import { proxyActivities } from '@temporalio/workflow';
import type { BookingPaymentOutcome, PaymentsActivities } from '../activities.ts';

// Deterministic sandbox: only @temporalio/workflow and type-only imports here.

export type BookingPaymentInput = { tenantId: string; bookingId: string };

export const bookingPaymentWorkflowId = (tenantId: string, bookingId: string) =>
  `booking-payment:${tenantId}:${bookingId}`;

const { collectBookingPayment } = proxyActivities<PaymentsActivities>({
  // A crashed worker's attempt is retried after this; the Stripe idempotency key makes that safe.
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 20,
  },
});

/**
 * Collects a lesson's payment when the booking workflow asks for it (`booking.payment_due`):
 * from credit, else the saved card. Success is announced by the payment itself
 * (`payment.succeeded`), which signals the booking workflow; otherwise the student pays in the
 * portal before the booking workflow's deadline frees the slot.
 */
export async function bookingPaymentWorkflow(input: BookingPaymentInput): Promise<BookingPaymentOutcome> {
  return collectBookingPayment(input);
}
