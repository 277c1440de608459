import { defineEvents, type EventSubscription, subscribe, type WorkerDeps } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { schedulingEvents } from '../events.ts';
import {
  type BookingWorkflowInput,
  bookingWorkflow,
  bookingWorkflowId,
  cancelledSignal,
  confirmedSignal,
  paymentSucceededSignal,
  rejectedSignal,
  rescheduledSignal,
} from '../workflows/booking-workflow.ts';

/**
 * The part of payments' `payment.succeeded` this module reads. Payments depends on scheduling, so
 * scheduling cannot import its catalog; it declares the one field it needs (the subscriber's parse
 * drops the rest). Not exported: the event belongs to payments' catalog.
 */
const paymentEvents = defineEvents({
  'payment.succeeded': z.object({ bookingId: z.uuid().optional() }),
});

const DECISIONS = {
  'booking.confirmed': confirmedSignal,
  'booking.rejected': rejectedSignal,
  'booking.cancelled': cancelledSignal,
} as const;

/**
 * Outbox handlers that drive the booking workflow: a request starts it, the API's decisions and
 * reschedules signal it. Both are safe to repeat (the outbox delivers at least once). Without a
 * Temporal client (an API-only process) there is nothing to drive, so no handler is registered.
 */
export function bookingWorkflowSubscriptions(deps: WorkerDeps): EventSubscription[] {
  const temporal = deps.temporal;
  if (!temporal) return [];
  return [
    subscribe({
      id: 'scheduling.start-booking-workflow',
      events: [schedulingEvents['booking.requested']],
      async handle({ tenantId, payload }, { log }) {
        const input: BookingWorkflowInput = {
          ...(payload.requirePayment ? { requirePayment: true } : {}),
          paymentTimeoutMinutes: payload.paymentTimeoutMinutes,
          tenantId,
          bookingId: payload.bookingId,
          start: payload.start,
          end: payload.end,
          // Instant confirmation emits booking.requested with the booking already confirmed.
          status: payload.status === 'confirmed' ? 'confirmed' : 'pending',
          confirmationTimeoutHours: payload.confirmationTimeoutHours,
        };
        const workflowId = bookingWorkflowId(tenantId, payload.bookingId);
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
    }),
    subscribe({
      id: 'scheduling.signal-booking-workflow',
      events: [
        schedulingEvents['booking.confirmed'],
        schedulingEvents['booking.rejected'],
        schedulingEvents['booking.cancelled'],
        schedulingEvents['booking.rescheduled'],
        // Any payment; only a booking's concerns us.
        paymentEvents['payment.succeeded'],
      ],
      async handle(event, { log }) {
        const bookingId = event.payload.bookingId;
        if (bookingId === undefined) return;
        const workflowId = bookingWorkflowId(event.tenantId, bookingId);
        const workflow = temporal.client.workflow.getHandle(workflowId);
        try {
          if (event.type === 'booking.rescheduled') {
            await workflow.signal(rescheduledSignal, { start: event.payload.start, end: event.payload.end });
          } else if (event.type === 'payment.succeeded') {
            await workflow.signal(paymentSucceededSignal);
          } else {
            await workflow.signal(DECISIONS[event.type]);
          }
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          // A booking from before workflows, or one whose workflow has ended: the database already
          // holds the decision, and a workflow that starts later reads it from there.
          log.warn('no running booking workflow to signal', { workflowId, eventType: event.type });
        }
      },
    }),
  ];
}
