import { systemActor } from '@dualcontrol/db';
import type { ModuleManifest, WorkerDeps } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';

/** The worker's own activities (modules add theirs through their manifests). */
export function createCoreActivities(deps: WorkerDeps) {
  return {
    async checkDatabase(): Promise<string> {
      const rows = await deps.db.withActor(systemActor, (tx) =>
        tx.execute<{ ok: number }>(sql`select 1 as ok`),
      );
      return rows[0]?.ok === 1 ? 'ok' : 'unexpected';
    },
  };
}

export type CoreActivities = ReturnType<typeof createCoreActivities>;

/** Core plus every module's activities; a name clash is a boot error, not a silent override. */
export function createAllActivities(deps: WorkerDeps, modules: readonly ModuleManifest[]) {
  const all: Record<string, unknown> = { ...createCoreActivities(deps) };
  for (const m of modules) {
    for (const [name, fn] of Object.entries(m.activities?.(deps) ?? {})) {
      if (name in all)
        throw new Error(`activity "${name}" of module "${m.id}" clashes with another activity`);
      all[name] = fn;
    }
  }
  return all;
}
