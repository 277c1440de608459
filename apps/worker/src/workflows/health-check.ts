import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CoreActivities } from '../activities.ts';

const { checkDatabase } = proxyActivities<CoreActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/** Proves the whole chain: Temporal → this worker → an activity → PostgreSQL. */
export async function healthCheckWorkflow(): Promise<{ database: string; workflowId: string }> {
  return { database: await checkDatabase(), workflowId: workflowInfo().workflowId };
}
