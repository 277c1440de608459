import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { CrmActivities } from '../activities.ts';

// Deterministic sandbox: only @temporalio/workflow and type-only imports here.

export type FollowupSweepInput = { tenantId: string };

/** One sweep workflow per school; starting it again while it runs is a no-op (USE_EXISTING). */
export const followupSweepWorkflowId = (tenantId: string) => `crm-followup-sweep:${tenantId}`;

const { crmFollowupSweepStep } = proxyActivities<CrmActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * The school's daily follow-up sweep (the time-based rules: no lesson booked for N days). The
 * activity runs the sweep and says when to run next (or to stop: the CRM was switched off); the
 * history is cut every 30 runs with continue-as-new.
 */
export async function crmFollowupSweepWorkflow(input: FollowupSweepInput): Promise<'stopped'> {
  for (let run = 0; run < 30; run++) {
    const { nextAt } = await crmFollowupSweepStep(input);
    if (!nextAt) return 'stopped';
    await sleep(Math.max(Date.parse(nextAt) - Date.now(), 1000));
  }
  return continueAsNew<typeof crmFollowupSweepWorkflow>(input);
}
