import { systemActor, tenantModules, tenants } from '@dualcontrol/db';
import type { WorkerDeps } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { sweepNoLessonBooked } from './followups/sweep-no-lesson.ts';

/** How often the time-based follow-up rules are swept. */
export const SWEEP_EVERY_MS = 24 * 3_600_000;

/** Thin activities over the crm services, each acting as the system for one school. */
export function createCrmActivities(deps: WorkerDeps) {
  return {
    /**
     * Runs the school's time-based follow-up rules once and says when to run next; null (stop) when
     * the school has the CRM switched off (switching it on again restarts it with the next contact).
     */
    async crmFollowupSweepStep(input: {
      tenantId: string;
    }): Promise<{ opened: number; nextAt: string | null }> {
      return deps.db.withTenant(input.tenantId, systemActor, async (tx) => {
        const [module] = await tx
          .select({ enabled: tenantModules.enabled })
          .from(tenantModules)
          .where(and(eq(tenantModules.tenantId, input.tenantId), eq(tenantModules.moduleId, 'crm')));
        if (!module?.enabled) return { opened: 0, nextAt: null };
        const [school] = await tx
          .select({ timezone: tenants.timezone })
          .from(tenants)
          .where(eq(tenants.id, input.tenantId));
        const now = new Date();
        const opened = await sweepNoLessonBooked(tx, {
          tenantId: input.tenantId,
          userId: null,
          timezone: school?.timezone ?? 'UTC',
          now,
        });
        return { opened: opened.length, nextAt: new Date(now.getTime() + SWEEP_EVERY_MS).toISOString() };
      });
    },
  };
}

export type CrmActivities = ReturnType<typeof createCrmActivities>;
