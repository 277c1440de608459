import { type EventSubscription, subscribe, type WorkerDeps } from '@dualcontrol/platform';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { paymentsEvents } from './events.ts';
import { settleCancellation } from './services/cancellation-fees.ts';
import type { PaymentDeps } from './services/card-charge.ts';
import { recordEarnings } from './services/earnings.ts';
import { paymentPlanWorkflowId } from './services/payment-plans.ts';
import { processStripeEvent } from './services/stripe-webhooks.ts';
import { inSystemContext } from './services/system-context.ts';
import { bookingPaymentWorkflow, bookingPaymentWorkflowId } from './workflows/booking-payment-workflow.ts';
import { paymentPlanWorkflow, planChangedSignal } from './workflows/payment-plan-workflow.ts';

/**
 * Payments reacts to scheduling's lesson events (payment due, cancelled, completed), to its own
 * plan events and to stored Stripe webhooks. Every handler is safe to run twice.
 */
export function paymentsSubscriptions(deps: WorkerDeps): EventSubscription[] {
  const pd: PaymentDeps = { db: deps.db, env: deps.env, keyring: deps.keyring };
  const handlers = [
    subscribe({
      id: 'payments.settle-cancellation',
      events: [schedulingEvents['booking.cancelled']],
      async handle({ tenantId, payload }) {
        await settleCancellation(pd, inSystemContext(pd, tenantId), {
          tenantId,
          bookingId: payload.bookingId,
          feeMinor: payload.feeMinor ?? 0,
        });
      },
    }),
    subscribe({
      id: 'payments.settle-seat-cancellation',
      events: [schedulingEvents['booking.seat_released']],
      async handle({ tenantId, payload }) {
        await settleCancellation(pd, inSystemContext(pd, tenantId), {
          tenantId,
          bookingId: payload.bookingId,
          studentId: payload.studentId,
          feeMinor: payload.feeMinor,
        });
      },
    }),
    subscribe({
      id: 'payments.record-earnings',
      events: [schedulingEvents['booking.completed']],
      async handle({ tenantId, payload }) {
        await inSystemContext(pd, tenantId)((tx, ctx) => recordEarnings(tx, ctx, payload.bookingId));
      },
    }),
    subscribe({
      id: 'payments.process-stripe-event',
      events: [paymentsEvents['stripe.event_received']],
      async handle({ tenantId, payload }) {
        await processStripeEvent(pd, tenantId, payload);
      },
    }),
  ];
  const temporal = deps.temporal;
  if (!temporal) return handlers;
  const { client, taskQueue } = temporal;
  // Workflow ids are deterministic and never reused: a redelivered event starts nothing new.
  const startOnce = async (start: () => Promise<unknown>) => {
    try {
      await start();
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
  const once = { taskQueue, workflowIdReusePolicy: 'REJECT_DUPLICATE' } as const;
  return [
    ...handlers,
    subscribe({
      id: 'payments.start-booking-payment',
      events: [schedulingEvents['booking.payment_due']],
      async handle({ tenantId, payload: { bookingId } }) {
        await startOnce(() =>
          client.workflow.start(bookingPaymentWorkflow, {
            ...once,
            workflowId: bookingPaymentWorkflowId(tenantId, bookingId),
            args: [{ tenantId, bookingId }],
          }),
        );
      },
    }),
    subscribe({
      id: 'payments.start-payment-plan',
      events: [paymentsEvents['payment_plan.created']],
      async handle({ tenantId, payload: { planId } }) {
        await startOnce(() =>
          client.workflow.start(paymentPlanWorkflow, {
            ...once,
            workflowId: paymentPlanWorkflowId(tenantId, planId),
            args: [{ tenantId, planId }],
          }),
        );
      },
    }),
    subscribe({
      id: 'payments.signal-payment-plan',
      events: [paymentsEvents['payment_plan.changed']],
      async handle({ tenantId, payload }, { log }) {
        const workflowId = paymentPlanWorkflowId(tenantId, payload.planId);
        try {
          await client.workflow.getHandle(workflowId).signal(planChangedSignal, { status: payload.status });
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          // The plan's workflow has ended; the database already holds the change.
          log.warn('no running payment plan workflow to signal', { workflowId });
        }
      },
    }),
  ];
}
