import { proxyActivities, sleep } from '@temporalio/workflow';
import type { LessonsActivities } from '../activities.ts';

// Deterministic sandbox: only @temporalio/workflow and type-only imports here. Date.now() is the
// workflow clock.

export type DocumentExpiryInput = { tenantId: string; documentId: string };

/** One workflow per document with an expiry; starting it again (a new expiry) replaces the run. */
export const documentExpiryWorkflowId = (tenantId: string, documentId: string) =>
  `document-expiry:${tenantId}:${documentId}`;

const { documentExpiryStep } = proxyActivities<LessonsActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Sleeps to each of a document's expiry marks (30 and 7 days before, the day after) and has the
 * activity send the notice due there. The activity reads the document afresh each time and says
 * when to wake next, so the workflow holds no copy of the expiry: a changed expiry restarts it,
 * a removed document cancels it (and a step that finds it gone ends it).
 */
export async function documentExpiryWorkflow(input: DocumentExpiryInput): Promise<'done'> {
  for (;;) {
    const { nextAt } = await documentExpiryStep(input);
    if (!nextAt) return 'done';
    // At least a second: a worker clock a hair behind the database's must not spin.
    await sleep(Math.max(Date.parse(nextAt) - Date.now(), 1000));
  }
}
