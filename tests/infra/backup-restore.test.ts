/**
 * `npm run db:backup` / `db:restore` as processes, exactly as an operator runs them, on the run's
 * real PostgreSQL: a database holding two schools with a row in every tenant table (the isolation
 * suite's seed) is backed up and restored into another database, and every table then holds the
 * same rows (compared by a digest of each table's rows). A restore that does not fit the release,
 * or is not confirmed, changes nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../isolation/two-tenants.ts';
import { repoRoot } from './infra-tools.ts';

type Run = { code: number | null; out: string };

function script(name: 'db-backup' | 'db-restore', args: string[], databaseUrl: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: repoRoot,
      env: {
        NODE_ENV: 'development',
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: databaseUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Every public table's row count and a digest of its rows, as one comparable map. */
async function contents(tdb: TestDatabase): Promise<Record<string, string>> {
  const tables = await tdb.owner<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await tdb.owner.unsafe<{ n: number; digest: string | null }[]>(
      `select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as digest from "${name}" t`,
    );
    out[name] = `${row!.n}:${row!.digest}`;
  }
  return out;
}

describe('db:backup and db:restore', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await seedTenant(source, 'backup-a');
    await seedTenant(source, 'backup-b');
    dir = join(await mkdtemp(join(tmpdir(), 'dc-backup-')), 'snapshot');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
    if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('backs up every table with progress lines and a manifest', async () => {
    const run = await script('db-backup', [dir], source.ownerUrl);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/\[db:backup\] \d+\/\d+ bookings: \d+ rows/);
    expect(run.out).toMatch(/\[db:backup\] done: \d+ tables, \d+ rows/);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.tables.find((t: { name: string }) => t.name === 'tenants').rows).toBeGreaterThanOrEqual(
      2,
    );
  }, 120_000);

  it('describes the backup and changes nothing without --yes', async () => {
    const before = await contents(target);
    const run = await script('db-restore', [dir], target.ownerUrl);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('nothing changed: add --yes');
    expect(await contents(target)).toEqual(before);
  }, 120_000);

  it('refuses a backup taken at other migrations, before touching a row', async () => {
    const tampered = join(dir, '..', 'tampered');
    await script('db-backup', [tampered], source.ownerUrl);
    const manifest = JSON.parse(await readFile(join(tampered, 'manifest.json'), 'utf8'));
    manifest.migrations.pop();
    await writeFile(join(tampered, 'manifest.json'), JSON.stringify(manifest));
    const before = await contents(target);
    const run = await script('db-restore', [tampered, '--yes'], target.ownerUrl);
    expect(run.code).toBe(1);
    expect(run.out).toContain('restore it with the release that took it');
    expect(await contents(target)).toEqual(before);
  }, 120_000);

  it('restores every row of every table, and a second restore gives the same', async () => {
    const expected = await contents(source);
    expect(await contents(target)).not.toEqual(expected);
    const run = await script('db-restore', [dir, '--yes'], target.ownerUrl);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/\[db:restore\] done/);
    expect(await contents(target)).toEqual(expected);
    expect((await script('db-restore', [dir, '--yes'], target.ownerUrl)).code).toBe(0);
    expect(await contents(target)).toEqual(expected);
  }, 180_000);
});
