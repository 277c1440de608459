import type { EventSubscription, OutboxEvent, WorkerDeps } from '@dualcontrol/platform';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  type BookingWorkflowInput,
  bookingWorkflow,
  bookingWorkflowId,
  cancelledSignal,
  confirmedSignal,
  paymentSucceededSignal,
  rejectedSignal,
  rescheduledSignal,
} from './workflows/booking-workflow.ts';

const DECISIONS = {
  'booking.confirmed': confirmedSignal,
  'booking.rejected': rejectedSignal,
  'booking.cancelled': cancelledSignal,
} as const;

/** Payload fields that must be strings: these are our own events, so a malformed one is a bug. */
function payloadStrings<K extends string>(event: OutboxEvent, ...keys: K[]): Record<K, string> {
  for (const key of keys)
    if (typeof event.payload[key] !== 'string')
      throw new Error(`${event.type} ${event.id}: payload lacks ${key}`);
  return event.payload as Record<K, string>;
}

/** The booking.requested payload (create-booking.ts) as workflow input. */
function workflowInput(event: OutboxEvent): BookingWorkflowInput {
  const { bookingId, start, end } = payloadStrings(event, 'bookingId', 'start', 'end');
  const { status, confirmationTimeoutHours, requirePayment, paymentTimeoutMinutes } = event.payload;
  if (typeof confirmationTimeoutHours !== 'number')
    throw new Error(`${event.type} ${event.id}: payload lacks confirmationTimeoutHours`);
  return {
    ...(requirePayment === true ? { requirePayment: true } : {}),
    ...(typeof paymentTimeoutMinutes === 'number' ? { paymentTimeoutMinutes } : {}),
    tenantId: event.tenantId,
    bookingId,
    start,
    end,
    // Instant confirmation emits booking.requested with the booking already confirmed.
    status: status === 'confirmed' ? 'confirmed' : 'pending',
    confirmationTimeoutHours,
  };
}

/**
 * Outbox handlers that drive the booking workflow: a request starts it, the API's decisions and
 * reschedules signal it. Both are safe to repeat (the outbox delivers at least once). Without a
 * Temporal client (an API-only process) there is nothing to drive, so no handler is registered.
 */
export function schedulingSubscriptions(deps: WorkerDeps): EventSubscription[] {
  const temporal = deps.temporal;
  if (!temporal) return [];
  return [
    {
      id: 'scheduling.start-booking-workflow',
      events: ['booking.requested'],
      async handle(event, { log }) {
        const input = workflowInput(event);
        const workflowId = bookingWorkflowId(input.tenantId, input.bookingId);
        try {
          await temporal.client.workflow.start(bookingWorkflow, {
            workflowId,
            taskQueue: temporal.taskQueue,
            args: [input],
            // Not even a finished run is started again: a redelivery is a no-op.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          log.info('booking workflow already started', { workflowId });
        }
      },
    },
    {
      id: 'scheduling.signal-booking-workflow',
      // payment.succeeded comes from the payments module (any payment; only a booking's concerns us).
      events: [...Object.keys(DECISIONS), 'booking.rescheduled', 'payment.succeeded'],
      async handle(event, { log }) {
        if (event.type === 'payment.succeeded' && typeof event.payload.bookingId !== 'string') return;
        const { bookingId } = payloadStrings(event, 'bookingId');
        const workflowId = bookingWorkflowId(event.tenantId, bookingId);
        const workflow = temporal.client.workflow.getHandle(workflowId);
        try {
          if (event.type === 'booking.rescheduled') {
            const { start, end } = payloadStrings(event, 'start', 'end');
            await workflow.signal(rescheduledSignal, { start, end });
          } else if (event.type === 'payment.succeeded') {
            await workflow.signal(paymentSucceededSignal);
          } else {
            await workflow.signal(DECISIONS[event.type as keyof typeof DECISIONS]);
          }
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          // A booking from before workflows, or one whose workflow has ended: the database already
          // holds the decision, and a workflow that starts later reads it from there.
          log.warn('no running booking workflow to signal', { workflowId, eventType: event.type });
        }
      },
    },
  ];
}
