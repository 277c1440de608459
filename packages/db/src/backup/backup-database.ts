import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import postgres from 'postgres';
import { type BackupManifest, ident, MANIFEST, type Progress } from './backup-format.ts';
import { appliedMigrations, listSequences, listTables } from './catalog.ts';

/**
 * Streams a COPY's output into a gzip file and counts its rows (one line each: COPY escapes
 * newlines inside values). Read with 'data' events rather than `pipeline` or `for await`: with
 * those, postgres.js 3.4 leaves the connection waiting after a multi-chunk COPY inside a
 * transaction, and the next statement never returns (seen here with 100 kB of output); pausing
 * the stream for backpressure does the same, so gzip buffers what it has not compressed yet (it
 * keeps pace with PostgreSQL in practice: 50,000 rows of 250 bytes in well under a second).
 */
async function copyToFile(source: Readable, path: string): Promise<number> {
  let rows = 0;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(path));
  await new Promise<void>((resolve, reject) => {
    source.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) rows += 1;
      gzip.write(chunk);
    });
    source.on('end', resolve);
    source.on('error', reject);
  });
  gzip.end();
  await written;
  return rows;
}

/**
 * Writes every table of the database into `dir` from one REPEATABLE READ snapshot, so the backup is
 * consistent across tables while the API keeps writing. Runs as the owner (a superuser or the
 * migrating role), which RLS does not filter: every school is in it.
 */
export async function backupDatabase(ownerUrl: string, dir: string, progress: Progress = () => {}) {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`${dir} is not empty: give a new directory`);
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const manifest = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [{ server }] = (await tx`select version() as server`) as unknown as [{ server: string }];
      const tables: BackupManifest['tables'] = [];
      const listed = await listTables(tx);
      for (const [i, table] of listed.entries()) {
        const file = `${table.name}.copy.gz`;
        const cols = table.columns.map(ident).join(', ');
        const copy = `copy (select ${cols} from ${ident(table.name)}) to stdout`;
        const rows = await copyToFile(await tx.unsafe(copy).readable(), join(dir, file));
        tables.push({ name: table.name, columns: table.columns, rows, file });
        progress(`${i + 1}/${listed.length} ${table.name}: ${rows} rows`);
      }
      const sequences: BackupManifest['sequences'] = [];
      for (const { name } of await listSequences(tx)) {
        const [s] = await tx.unsafe<{ last_value: string; is_called: boolean }[]>(
          `select last_value::text, is_called from ${ident(name)}`,
        );
        sequences.push({ name, lastValue: s!.last_value, isCalled: s!.is_called });
      }
      return {
        format: 'dualcontrol-backup',
        version: 1,
        takenAt: new Date().toISOString(),
        server,
        migrations: await appliedMigrations(tx),
        tables,
        sequences,
      } satisfies BackupManifest;
    });
    // Written last: a directory without a manifest is an unfinished backup, never restorable.
    await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
