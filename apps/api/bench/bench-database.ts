import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Env, parseEnv } from '@dualcontrol/config';
import {
  APP_ROLE,
  ensureDatabase,
  PLATFORM_ROLE,
  provisionRoleLogins,
  runMigrations,
  startEmbeddedPostgres,
  withCredentials,
} from '@dualcontrol/db';
import { freePort } from '@dualcontrol/platform';
import postgres from 'postgres';

const ROLE_PASSWORD = 'bench-role-password';

/**
 * A throwaway embedded PostgreSQL, migrated, with run-time role logins and an environment for
 * `buildDeps` (Temporal pointed at a closed port: benchmarks do not need workflows).
 */
export async function startBenchDatabase(options: { prefix: string; onLog?: (line: string) => void }) {
  const dir = await mkdtemp(join(tmpdir(), options.prefix));
  await chmod(dir, 0o755); // the server runs as the `postgres` OS user when we are root
  const pg = await startEmbeddedPostgres({
    dataDir: join(dir, 'data'),
    port: await freePort(),
    ephemeral: true,
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  const stop = async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await ensureDatabase(pg.url, 'bench');
    const ownerUrl = pg.urlFor('bench');
    await runMigrations(ownerUrl);
    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    await provisionRoleLogins(owner, ROLE_PASSWORD);
    await owner.end();
    const env: Env = parseEnv({
      LOG_LEVEL: 'silent',
      DATABASE_URL: ownerUrl,
      DATABASE_APP_URL: withCredentials(ownerUrl, APP_ROLE, ROLE_PASSWORD),
      DATABASE_PLATFORM_URL: withCredentials(ownerUrl, PLATFORM_ROLE, ROLE_PASSWORD),
      TEMPORAL_ADDRESS: '127.0.0.1:9',
      // The bench's few users make thousands of calls a second: its rate limits are raised out of
      // the way (each request still spends from its budget, so the limiter's cost is measured).
      RATE_LIMIT_SCALE: process.env.RATE_LIMIT_SCALE ?? '1000000',
    });
    // `dir` doubles as scratch space (load specs for the load-generator process).
    return { ownerUrl, env, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
