import { proxyActivities } from '@temporalio/workflow';
import type { AnalyticsActivities } from '../activities.ts';

// Deterministic sandbox: only @temporalio/workflow and type-only imports here.

/** The schedule that runs the rebuild every night for a task queue (analytics-schedule.ts creates it). */
export const analyticsRebuildScheduleId = (taskQueue: string) => `analytics-rebuild-facts:${taskQueue}`;

const { analyticsSchoolIds, analyticsRebuildSchool } = proxyActivities<AnalyticsActivities>({
  // A school's rebuild is a few set-based statements; two years of a large school take seconds.
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 5,
  },
});

export type RebuildFactsInput = { tenantIds?: string[] };

/**
 * Rebuilds the daily facts of the given schools (all schools when none are given) from
 * analytics_events, one school per activity, so a failing school is retried alone and the rest
 * are not held back. Schools with analytics off are skipped.
 */
export async function rebuildAnalyticsFactsWorkflow(input: RebuildFactsInput = {}) {
  const ids = input.tenantIds ?? (await analyticsSchoolIds());
  const results = [];
  for (const tenantId of ids) results.push(await analyticsRebuildSchool({ tenantId }));
  return {
    rebuilt: results.filter((r) => !r.skipped).map((r) => r.tenantId),
    skipped: results.filter((r) => r.skipped).length,
  };
}
