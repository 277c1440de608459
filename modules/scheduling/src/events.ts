import type { EventSubscription, OutboxEvent, WorkerDeps } from '@dualcontrol/platform';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  type BookingWorkflowInput,
  bookingWorkflow,
  bookingWorkflowId,
  cancelledSignal,
  confirmedSignal,
  rejectedSignal,
} from './workflows/booking-workflow.ts';

const SIGNALS = {
  'booking.confirmed': confirmedSignal,
  'booking.rejected': rejectedSignal,
  'booking.cancelled': cancelledSignal,
} as const;

/** The booking.requested payload (create-booking.ts) as workflow input; a malformed one is a bug: it throws. */
function workflowInput(event: OutboxEvent): BookingWorkflowInput {
  const p = event.payload;
  const { bookingId, start, end, status, confirmationTimeoutHours } = p;
  if (
    typeof bookingId !== 'string' ||
    typeof start !== 'string' ||
    typeof end !== 'string' ||
    typeof confirmationTimeoutHours !== 'number'
  )
    throw new Error(
      `${event.type} ${event.id}: payload lacks bookingId, start, end or confirmationTimeoutHours`,
    );
  return {
    tenantId: event.tenantId,
    bookingId,
    start,
    end,
    // Instant confirmation emits booking.requested with the booking already confirmed.
    status: status === 'confirmed' ? 'confirmed' : 'pending',
    confirmationTimeoutHours,
  };
}

function bookingIdOf(event: OutboxEvent): string {
  const { bookingId } = event.payload;
  if (typeof bookingId !== 'string') throw new Error(`${event.type} ${event.id}: payload lacks bookingId`);
  return bookingId;
}

/**
 * Outbox handlers that drive the booking workflow: a request starts it, the API's decisions signal
 * it. Both are safe to repeat (the outbox delivers at least once). Without a Temporal client (an
 * API-only process) there is nothing to drive, so no handler is registered.
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
      events: Object.keys(SIGNALS),
      async handle(event, { log }) {
        const signal = SIGNALS[event.type as keyof typeof SIGNALS];
        const workflowId = bookingWorkflowId(event.tenantId, bookingIdOf(event));
        try {
          await temporal.client.workflow.getHandle(workflowId).signal(signal);
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
