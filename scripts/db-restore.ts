/**
 * `npm run db:restore -- <directory> --yes`: replaces EVERY row of the database with a backup made by
 * `npm run db:backup` (one transaction: on any error nothing changes). Without `--yes` it only
 * describes the backup. Uses DATABASE_URL (a superuser: triggers and foreign-key checks are off
 * during the copy) or the embedded database of `npm start`, which must not be running then.
 */
import { resolve } from 'node:path';
import { loadEnv } from '@dualcontrol/config';
import { readManifest, restoreDatabase } from '@dualcontrol/db';
import { openOwnerDatabase } from './owner-database.ts';

const root = resolve(import.meta.dirname, '..');
const started = performance.now();
const step = (message: string) =>
  console.log(`[db:restore] ${message} (${Math.round(performance.now() - started)} ms)`);

const args = process.argv.slice(2);
const dirArg = args.find((a) => !a.startsWith('--'));
if (!dirArg) {
  console.error('[db:restore] usage: npm run db:restore -- <backup directory> --yes');
  process.exit(64);
}
const dir = resolve(dirArg);
const manifest = await readManifest(dir).catch((error: Error) => {
  console.error(`[db:restore] ${error.message}`);
  process.exit(66);
});
const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
step(`backup of ${manifest.takenAt}: ${manifest.tables.length} tables, ${rows} rows`);
if (!args.includes('--yes')) {
  step('nothing changed: add --yes to replace every row of the database with this backup');
  process.exit(0);
}
const env = loadEnv();
const database = await openOwnerDatabase(root, env, step);
let failed = false;
try {
  await restoreDatabase(database.ownerUrl, dir, step);
  step('done: every table holds the backup’s rows');
} catch (error) {
  failed = true;
  console.error(`[db:restore] failed, nothing changed: ${(error as Error).message}`);
} finally {
  await database.stop();
}
process.exit(failed ? 1 : 0);
