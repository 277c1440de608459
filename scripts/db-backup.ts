/**
 * `npm run db:backup [-- <directory>]`: a consistent logical backup of every school (all tables, one
 * snapshot) into a new directory, by default `backups/<timestamp>` under DATA_DIR. Uses DATABASE_URL
 * (connect directly, not through PgBouncer) or the embedded database of `npm start`, which must not
 * be running then. Restore with `npm run db:restore -- <directory>`.
 */
import { join, resolve } from 'node:path';
import { loadEnv } from '@dualcontrol/config';
import { backupDatabase } from '@dualcontrol/db';
import { openOwnerDatabase } from './owner-database.ts';

const root = resolve(import.meta.dirname, '..');
const started = performance.now();
const step = (message: string) =>
  console.log(`[db:backup] ${message} (${Math.round(performance.now() - started)} ms)`);

const env = loadEnv();
const stamp = new Date()
  .toISOString()
  .replaceAll(':', '-')
  .replace(/\.\d+Z$/, 'Z');
const dir = resolve(process.argv[2] ?? join(resolve(root, env.DATA_DIR), 'backups', stamp));
const database = await openOwnerDatabase(root, env, step);
let failed = false;
try {
  step(`backing up into ${dir}`);
  const manifest = await backupDatabase(database.ownerUrl, dir, step);
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  step(`done: ${manifest.tables.length} tables, ${rows} rows, at ${manifest.migrations.length} migrations`);
} catch (error) {
  failed = true;
  console.error(`[db:backup] failed: ${(error as Error).message}`);
} finally {
  await database.stop();
}
process.exit(failed ? 1 : 0);
