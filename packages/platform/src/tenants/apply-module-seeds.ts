import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Database, systemActor } from '@dualcontrol/db';
import type { ModuleRegistry } from '../modules/registry.ts';

/**
 * Module demo data of a tenant folder: `<folder>/<module id>.json`, handed to that module's `seed`
 * hook inside the tenant's own transaction (under RLS). Returns the modules that were seeded.
 */
export async function applyModuleSeeds(
  db: Database,
  registry: ModuleRegistry,
  tenantId: string,
  folder: string,
): Promise<string[]> {
  const seeded: string[] = [];
  for (const module of registry.modules) {
    const file = join(folder, `${module.id}.json`);
    if (!module.seed || !existsSync(file)) continue;
    const data: unknown = JSON.parse(await readFile(file, 'utf8'));
    await db.withTenant(tenantId, systemActor, (tx) => module.seed!({ tx, tenantId, data }));
    seeded.push(module.id);
  }
  return seeded;
}
