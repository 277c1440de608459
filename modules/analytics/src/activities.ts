import type { WorkerDeps } from '@dualcontrol/platform';
import { listSchoolIds, rebuildSchoolFacts } from './facts/rebuild-school-facts.ts';

/** The rebuild's activities: list the schools, rebuild one school's facts (own transaction each). */
export function createAnalyticsActivities(deps: WorkerDeps) {
  return {
    async analyticsSchoolIds(): Promise<string[]> {
      return listSchoolIds(deps.db);
    },
    async analyticsRebuildSchool(input: { tenantId: string }) {
      return rebuildSchoolFacts(deps.db, input.tenantId);
    },
  };
}

export type AnalyticsActivities = ReturnType<typeof createAnalyticsActivities>;
