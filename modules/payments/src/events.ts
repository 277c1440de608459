import type { EventSubscription, OutboxEvent, WorkerDeps } from '@dualcontrol/platform';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { PlanStatus } from './schema.ts';
import { settleCancellation } from './services/cancellation-fees.ts';
import type { PaymentDeps } from './services/card-charge.ts';
import { recordEarnings } from './services/earnings.ts';
import { paymentPlanWorkflowId } from './services/payment-plans.ts';
import { processStripeEvent } from './services/stripe-webhooks.ts';
import { inSystemContext } from './services/system-context.ts';
import { bookingPaymentWorkflow, bookingPaymentWorkflowId } from './workflows/booking-payment-workflow.ts';
import { paymentPlanWorkflow, planChangedSignal } from './workflows/payment-plan-workflow.ts';

/** Payload strings of our own events; a malformed one is a bug, so it fails loudly (and is retried). */
function field(event: OutboxEvent, key: string): string {
  const value = event.payload[key];
  if (typeof value !== 'string') throw new Error(`${event.type} ${event.id}: payload lacks ${key}`);
  return value;
}

/**
 * Payments reacts to scheduling's lesson events (payment due, cancelled, completed), to its own
 * plan events and to stored Stripe webhooks. Every handler is safe to run twice.
 */
export function paymentsSubscriptions(deps: WorkerDeps): EventSubscription[] {
  const pd: PaymentDeps = { db: deps.db, env: deps.env, keyring: deps.keyring };
  const handlers: EventSubscription[] = [
    {
      id: 'payments.settle-cancellation',
      events: ['booking.cancelled'],
      async handle(event) {
        const fee = event.payload.feeMinor;
        await settleCancellation(pd, inSystemContext(pd, event.tenantId), {
          tenantId: event.tenantId,
          bookingId: field(event, 'bookingId'),
          feeMinor: typeof fee === 'number' ? fee : 0,
        });
      },
    },
    {
      id: 'payments.record-earnings',
      events: ['booking.completed'],
      async handle(event) {
        await inSystemContext(
          pd,
          event.tenantId,
        )((tx, ctx) => recordEarnings(tx, ctx, field(event, 'bookingId')));
      },
    },
    {
      id: 'payments.process-stripe-event',
      events: ['stripe.event_received'],
      async handle(event) {
        const objectId = event.payload.objectId;
        await processStripeEvent(pd, event.tenantId, {
          stripeEventId: field(event, 'stripeEventId'),
          type: field(event, 'type'),
          objectId: typeof objectId === 'string' ? objectId : null,
        });
      },
    },
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
    {
      id: 'payments.start-booking-payment',
      events: ['booking.payment_due'],
      async handle(event) {
        const bookingId = field(event, 'bookingId');
        const workflowId = bookingPaymentWorkflowId(event.tenantId, bookingId);
        await startOnce(() =>
          client.workflow.start(bookingPaymentWorkflow, {
            ...once,
            workflowId,
            args: [{ tenantId: event.tenantId, bookingId }],
          }),
        );
      },
    },
    {
      id: 'payments.start-payment-plan',
      events: ['payment_plan.created'],
      async handle(event) {
        const planId = field(event, 'planId');
        const workflowId = paymentPlanWorkflowId(event.tenantId, planId);
        await startOnce(() =>
          client.workflow.start(paymentPlanWorkflow, {
            ...once,
            workflowId,
            args: [{ tenantId: event.tenantId, planId }],
          }),
        );
      },
    },
    {
      id: 'payments.signal-payment-plan',
      events: ['payment_plan.changed'],
      async handle(event, { log }) {
        const workflowId = paymentPlanWorkflowId(event.tenantId, field(event, 'planId'));
        try {
          await client.workflow
            .getHandle(workflowId)
            .signal(planChangedSignal, { status: field(event, 'status') as PlanStatus });
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          // The plan's workflow has ended; the database already holds the change.
          log.warn('no running payment plan workflow to signal', { workflowId });
        }
      },
    },
  ];
}
