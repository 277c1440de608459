import { type EventSubscription, subscribe, type WorkerDeps } from '@dualcontrol/platform';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { WorkflowNotFoundError } from '@temporalio/client';
import { lessonsEvents } from './events.ts';
import { createLessonsForBooking } from './services/create-lessons.ts';
import { documentExpiryWorkflow, documentExpiryWorkflowId } from './workflows/document-expiry-workflow.ts';

/**
 * Lessons reacts to scheduling: a completed booking becomes a lesson to record. Safe to run twice
 * (the dispatcher dedupes per event, and the lesson's (booking, student) key dedupes across events).
 * With Temporal (the worker), a document's expiry changes start, restart or cancel its expiry
 * workflow.
 */
export function lessonsSubscriptions(deps: WorkerDeps): EventSubscription[] {
  const handlers = [
    subscribe({
      id: 'lessons.create-from-booking',
      events: [schedulingEvents['booking.completed']],
      async handle({ tenantId, payload }, { tx, log }) {
        const created = await createLessonsForBooking(tx, tenantId, payload.bookingId);
        if (created) log.info('lesson created from booking', { bookingId: payload.bookingId, created });
      },
    }),
  ];
  const temporal = deps.temporal;
  if (!temporal) return handlers;
  const { client, taskQueue } = temporal;
  /** Stops a document's workflow; one that has ended (or never started) is fine. */
  const cancel = async (workflowId: string) => {
    try {
      await client.workflow.getHandle(workflowId).cancel();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  };
  return [
    ...handlers,
    subscribe({
      id: 'lessons.document-expiry-timer',
      events: [lessonsEvents['document.expiry_changed'], lessonsEvents['document.removed']],
      async handle(event) {
        const { tenantId } = event;
        const workflowId = documentExpiryWorkflowId(tenantId, event.payload.documentId);
        if (event.type === 'document.removed' || event.payload.expiresOn === null) {
          await cancel(workflowId);
          return;
        }
        // A fresh run for the new expiry: the workflow reads the document itself, so a redelivered
        // or late event restarts it with what the database holds now, never with a stale date.
        await client.workflow.start(documentExpiryWorkflow, {
          taskQueue,
          workflowId,
          args: [{ tenantId, documentId: event.payload.documentId }],
          workflowIdConflictPolicy: 'TERMINATE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        });
      },
    }),
  ];
}
