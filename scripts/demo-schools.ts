/**
 * The demo schools of `tenants/`, as `npm start` and `npm run demo:reset` bring them up: each
 * folder's definition and module seeds (idempotent), then its simulated history (runDemo: once
 * per school; a marker makes the next start a no-op). Progress goes through the caller's `step`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '@dualcontrol/config';
import { type Database, parseKeyring, systemActor } from '@dualcontrol/db';
import {
  applyModuleSeeds,
  applyTenantDefinition,
  applyTenantLogo,
  createStorage,
  type ModuleRegistry,
  readTenantFolder,
  runDemo,
  type TenantDefinition,
} from '@dualcontrol/platform';

export function demoFolders(root: string): string[] {
  const dir = join(root, 'tenants');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(dir, d.name));
}

export async function applyDemoSchools(options: {
  root: string;
  env: Env;
  platformDb: Database;
  appDb: Database;
  registry: ModuleRegistry;
  step: (message: string) => void;
}): Promise<TenantDefinition[]> {
  const { env, platformDb, appDb, registry, step } = options;
  const keyring = parseKeyring(env.ENCRYPTION_KEYS);
  const storage = createStorage(env);
  const schools: { def: TenantDefinition; tenantId: string }[] = [];
  const t0 = performance.now();
  for (const folder of demoFolders(options.root)) {
    const def = await readTenantFolder(folder);
    const summary = await applyTenantDefinition(platformDb, registry, systemActor, def);
    const logo = await applyTenantLogo({ platformDb, storage }, systemActor, summary.tenantId, folder, def);
    const seeded = await applyModuleSeeds(appDb, registry, summary.tenantId, folder);
    schools.push({ def, tenantId: summary.tenantId });
    step(
      `demo school ${def.slug}: ${summary.created ? 'created' : 'up to date'}, ${summary.usersCreated} users added` +
        (logo === 'stored' ? ', logo stored' : '') +
        (seeded.length ? `, ${seeded.join('/')} data applied` : ''),
    );
  }
  // Each school's history is one transaction on its own connection: the schools run side by side.
  await Promise.all(
    schools.map(async ({ def, tenantId }) => {
      const history = await runDemo({ db: appDb, registry, tenantId, seed: env.DEMO_SEED, keyring, step });
      if (history.ran) {
        step(
          `demo school ${def.slug}: six months of history up to ${history.generatedFor} made in ${history.ms} ms (seed "${history.seed}")`,
        );
      } else {
        const other =
          history.seed !== env.DEMO_SEED
            ? `; DEMO_SEED is now "${env.DEMO_SEED}": npm run demo:reset to remake it`
            : '';
        step(
          `demo school ${def.slug}: history present (made for ${history.generatedFor}, seed "${history.seed}"${other})`,
        );
      }
    }),
  );
  step(`demo schools ready in ${Math.round(performance.now() - t0)} ms`);
  return schools.map((s) => s.def);
}
