import { join, resolve } from 'node:path';
import type { Env } from '@dualcontrol/config';
import { ensureDatabase, startEmbeddedPostgres } from '@dualcontrol/db';
import { freePort } from '@dualcontrol/platform';

/**
 * The owner connection a maintenance script works on: DATABASE_URL, or else the embedded database
 * of `npm start` under DATA_DIR, started for the script (so `npm start` must not be running).
 */
export async function openOwnerDatabase(root: string, env: Env, step: (message: string) => void) {
  if (env.DATABASE_URL) return { ownerUrl: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = join(resolve(root, env.DATA_DIR), 'postgres');
  step(`starting embedded PostgreSQL (data in ${dataDir})`);
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await ensureDatabase(pg.url, 'dualcontrol');
  return { ownerUrl: pg.urlFor('dualcontrol'), embedded: true, stop: () => pg.stop().catch(() => {}) };
}
