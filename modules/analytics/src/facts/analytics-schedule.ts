import type { WorkerDeps } from '@dualcontrol/platform';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { analyticsRebuildScheduleId } from '../workflows/rebuild-facts-workflow.ts';

/** Every night at 03:17 UTC (away from the hour, when other jobs start). */
export const REBUILD_CRON = '17 3 * * *';

/**
 * Makes sure the nightly rebuild's Temporal schedule exists (the worker calls this at start; every
 * worker may, the first one creates it and the others find it). The incremental facts are exact
 * as events arrive; the rebuild puts right what order-dependent figures an out-of-order delivery
 * could skew (a test's first attempt, lessons before a pass) and fills facts for history that
 * reached analytics_events after the fact.
 */
export async function ensureRebuildSchedule(deps: WorkerDeps): Promise<void> {
  if (!deps.temporal) return;
  try {
    await deps.temporal.client.schedule.create({
      scheduleId: analyticsRebuildScheduleId(deps.temporal.taskQueue),
      spec: { cronExpressions: [REBUILD_CRON] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: {
        type: 'startWorkflow',
        workflowType: 'rebuildAnalyticsFactsWorkflow',
        taskQueue: deps.temporal.taskQueue,
        args: [{}],
      },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
