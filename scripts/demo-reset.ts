/**
 * `npm run demo:reset`: drops the demo schools of `tenants/` (every row they hold) and builds them
 * again — definition, module seeds and a fresh simulated history ending today (DEMO_SEED). Uses
 * DATABASE_URL, or the embedded database of `npm start` under DATA_DIR, which must not be running
 * (stop `npm start` first). Anything a visitor changed in a demo school is lost; other schools are
 * untouched. Booking workflows of the old history that Temporal still holds fail harmlessly when
 * they next wake (their bookings are gone).
 */
import { resolve } from 'node:path';
import { loadEnv } from '@dualcontrol/config';
import { connectDatabase, provisionRoleLogins, roleUrls, runMigrations } from '@dualcontrol/db';
import { dropDemoSchool, readTenantFolder } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import postgres from 'postgres';
import { applyDemoSchools, demoFolders } from './demo-schools.ts';
import { openOwnerDatabase } from './owner-database.ts';

const root = resolve(import.meta.dirname, '..');
const started = performance.now();
const step = (message: string) =>
  console.log(`[demo:reset] ${message} (${Math.round(performance.now() - started)} ms)`);

const env = loadEnv();
let database: Awaited<ReturnType<typeof openOwnerDatabase>> | undefined;
let failed = false;
try {
  database = await openOwnerDatabase(root, env, step);
  const { ownerUrl } = database;
  await runMigrations(ownerUrl);
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  if (database.embedded) await provisionRoleLogins(owner, env.DATABASE_ROLE_PASSWORD);
  for (const folder of demoFolders(root)) {
    const { slug } = await readTenantFolder(folder);
    step(`${slug}: ${(await dropDemoSchool(owner, slug)) ? 'dropped with all its data' : 'not there yet'}`);
  }
  await owner.end();

  const urls = roleUrls({ ...env, DATABASE_URL: ownerUrl });
  const platformDb = connectDatabase(urls.platform, { max: 2, pooler: urls.pooler?.platform });
  const appDb = connectDatabase(urls.app, { max: 2, pooler: urls.pooler?.app });
  try {
    await applyDemoSchools({ root, env, platformDb, appDb, registry: createProductRegistry(), step });
  } finally {
    await Promise.all([platformDb.close(), appDb.close()]);
  }
  step('done: npm start serves the rebuilt schools');
} catch (error) {
  failed = true;
  console.error(`[demo:reset] failed: ${(error as Error).message}`);
} finally {
  await database?.stop();
}
process.exit(failed ? 1 : 0);
