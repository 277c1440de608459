/**
 * The migration entry point the compose `migrate` service and the Helm hook Job run
 * (scripts/migrate.ts), as a process exactly as the image starts it, against a brand-new empty
 * database on the run's real PostgreSQL: it migrates, lets the run-time roles log in, creates the
 * first operator, does nothing the second time, and refuses a configuration it cannot honour.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { APP_ROLE, withCredentials } from '@dualcontrol/db';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readRepoFile, repoRoot } from './infra-tools.ts';

type Result = { code: number | null; lines: { level: string; msg: string }[]; stderr: string };

/** `node --import tsx scripts/migrate.ts …` with exactly the given environment (plus PATH/HOME). */
function migrate(
  args: string[],
  env: { NODE_ENV: 'production' | 'development' } & Record<string, string>,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = [...stdout.split('\n'), ...stderr.split('\n')]
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: string; msg: string });
      resolve({ code, lines, stderr });
    });
  });
}

const { superuserUrl, rolePassword } = inject('dcPostgres');
const dbName = `migrate_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
const admin = postgres(superuserUrl, { max: 1, onnotice: () => {} });
let ownerUrl: string;

// What a production deployment passes (compose.yaml, the chart's ConfigMap and Secret). The role
// password is the run's own: the roles are cluster-wide and other test files log in with it.
const productionEnv = () => ({
  NODE_ENV: 'production' as const,
  DATABASE_URL: ownerUrl,
  DATABASE_ROLE_PASSWORD: rolePassword,
  TEMPORAL_ADDRESS: 'temporal.invalid:7233',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
  PORTAL_SESSION_SECRET: 'migrate-test-session-secret-0123456789',
  PLATFORM_OPERATOR_EMAIL: 'first-operator@infra.test',
  PLATFORM_OPERATOR_PASSWORD: 'first-operator-password',
});

beforeAll(async () => {
  await admin.unsafe(`create database "${dbName}"`);
  const url = new URL(superuserUrl);
  url.pathname = `/${dbName}`;
  ownerUrl = url.toString();
});

afterAll(async () => {
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

// Each case starts one to three Node processes that load the platform: slow on a busy machine.
describe('scripts/migrate.ts', { timeout: 120_000 }, () => {
  it('migrates an empty database, gives the run-time roles a login and creates the first operator', async () => {
    const r = await migrate(['--role-logins', '--operator'], productionEnv());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.msg)).toEqual([
      'migrations applied',
      'run-time roles can log in',
      'platform operator created',
    ]);

    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const journal = JSON.parse(readRepoFile('packages/db/migrations/meta/_journal.json')) as {
        entries: unknown[];
      };
      const [row] = await owner<{ applied: number }[]>`
        select count(*)::int as applied from drizzle.__drizzle_migrations`;
      expect(row?.applied).toBe(journal.entries.length);
      const [operator] = await owner`select email from platform_operators`;
      expect(operator?.email).toBe('first-operator@infra.test');
    } finally {
      await owner.end();
    }
    // The app role logs in with the password the job was given, and row-level security holds it.
    const app = postgres(withCredentials(ownerUrl, APP_ROLE, rolePassword), { max: 1, onnotice: () => {} });
    try {
      const [me] =
        await app`select current_user as role, (select rolbypassrls from pg_roles where rolname = current_user) as bypass`;
      expect(me).toEqual({ role: APP_ROLE, bypass: false });
    } finally {
      await app.end();
    }
  });

  it('changes nothing the second time (every replica of a deploy may run it)', async () => {
    const r = await migrate(['--role-logins', '--operator'], productionEnv());
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.msg)).toEqual([
      'migrations applied',
      'run-time roles can log in',
      'platform operator present',
    ]);
  });

  it('refuses to run without DATABASE_URL rather than starting an embedded database', async () => {
    const { DATABASE_URL: _, ...env } = productionEnv();
    const r = await migrate([], { ...env, NODE_ENV: 'development' });
    expect(r.code).toBe(64);
    expect(r.lines.at(-1)?.msg).toMatch(/DATABASE_URL is required/);
  });

  it('refuses development defaults in production, and unknown arguments', async () => {
    const { DATABASE_ROLE_PASSWORD: _, ...noRolePassword } = productionEnv();
    const a = await migrate(['--role-logins'], noRolePassword);
    expect(a.code).toBe(78);
    expect(a.lines.at(-1)?.msg).toMatch(/DATABASE_ROLE_PASSWORD must be set/);

    const { PLATFORM_OPERATOR_PASSWORD: __, ...noOperatorPassword } = productionEnv();
    const b = await migrate(['--operator'], noOperatorPassword);
    expect(b.code).toBe(78);

    const c = await migrate(['--roles'], productionEnv());
    expect(c.code).toBe(64);
    expect(c.lines.at(-1)?.msg).toMatch(/unknown argument --roles/);
  });
});
