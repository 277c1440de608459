import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import postgres from 'postgres';
import { runMigrations } from '../migrate.ts';
import { type BackupManifest, ident, MANIFEST, type Progress } from './backup-format.ts';
import { appliedMigrations, listTables } from './catalog.ts';

/**
 * Feeds a gzip file into a COPY FROM STDIN by hand (write, wait for drain, end, wait for finish):
 * `pipeline` into postgres.js 3.4's COPY stream inside a transaction never settled here.
 */
async function copyFromFile(path: string, sink: Writable): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  for await (const chunk of createReadStream(path).pipe(createGunzip())) {
    if (!sink.write(chunk)) await new Promise((resolve) => sink.once('drain', resolve));
  }
  sink.end();
  await done;
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new Error(`${dir} has no ${MANIFEST}: not a backup, or an unfinished one`);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 'dualcontrol-backup' || manifest.version !== 1)
    throw new Error(`${dir}: unknown backup format ${manifest.format}/${manifest.version}`);
  return manifest;
}

/**
 * Replaces every row of the database with the backup's, in ONE transaction: a failure leaves the
 * database as it was. The schema is brought to the backup's migrations first (a backup is restored
 * by the release that took it, or one whose migrations are exactly those: anything else is refused
 * before a row is touched). Triggers (the audit trail, append-only guards) and foreign-key checks
 * are off for the copy (`session_replication_role = replica`), which needs a superuser.
 */
export async function restoreDatabase(ownerUrl: string, dir: string, progress: Progress = () => {}) {
  const manifest = await readManifest(dir);
  await runMigrations(ownerUrl);
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const applied = await appliedMigrations(sql);
    if (applied.join() !== manifest.migrations.join())
      throw new Error(
        `the backup was taken at ${manifest.migrations.length} migrations and this release has ${applied.length}: ` +
          'restore it with the release that took it, then upgrade (npm run db:migrate)',
      );
    const present = new Map((await listTables(sql)).map((t) => [t.name, t.columns]));
    for (const table of manifest.tables) {
      const columns = present.get(table.name);
      if (!columns || columns.join() !== table.columns.join())
        throw new Error(`table ${table.name} does not match the backup's columns`);
    }
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      const all = [...present.keys()].map(ident).join(', ');
      await tx.unsafe(`truncate ${all}`);
      for (const [i, table] of manifest.tables.entries()) {
        const cols = table.columns.map(ident).join(', ');
        const sink = await tx.unsafe(`copy ${ident(table.name)} (${cols}) from stdin`).writable();
        await copyFromFile(join(dir, table.file), sink);
        progress(`${i + 1}/${manifest.tables.length} ${table.name}: ${table.rows} rows`);
      }
      for (const s of manifest.sequences)
        await tx`select setval(${s.name}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`;
    });
    return manifest;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
