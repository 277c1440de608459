/**
 * Zero-downtime migrations (docs/runbooks/deploy.md, "The expand/contract rule"): the previous
 * release's API still works on a database migrated to this release's schema. That is the state
 * during a deploy, when old pods serve after the migration Job ran, and after a rollback.
 *
 * The previous release (previous-release.ts) is taken from git into a temporary folder. Its API
 * runs as a process (its own apps/api/src/main.ts over its own workspaces, today's third-party
 * packages) on a fresh clone of the run's template. The template is migrated with every
 * migration of this checkout, including the ones the old release never knew. The API then passes
 * the smoke checks a deploy makes, through HTTP: health and readiness, an operator and an owner
 * sign in, a school is set up, slots are listed, a lesson is booked and read back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureOperator, freePort } from '@dualcontrol/platform';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from './infra-tools.ts';
import { checkOutPreviousRelease, type PreviousRelease, resolvePreviousRelease } from './previous-release.ts';

const OPERATOR = { email: 'ops@previous-release.test', password: 'previous-release-operator' };

type Answer = { status: number; body: any; headers: Record<string, string | string[] | undefined> };

describe('the previous release on the new schema', () => {
  let release: PreviousRelease;
  let tdb: TestDatabase;
  let child: ChildProcess | undefined;
  let output = '';
  let port: number;
  let bookingId: string;
  let studentToken: string;

  function call(
    method: string,
    path: string,
    opts: { body?: unknown; tenant?: string; token?: string } = {},
  ): Promise<Answer> {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = {
      ...(body
        ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
        : {}),
      ...(opts.tenant ? { 'x-tenant': opts.tenant } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    };
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = (res.headers['content-type'] ?? '').includes('json');
          resolve({
            status: res.statusCode ?? 0,
            body: json && text ? JSON.parse(text) : text,
            headers: res.headers,
          });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  beforeAll(async () => {
    release = await checkOutPreviousRelease();
    tdb = await createTestDatabase();
    await ensureOperator(tdb.platformDb, OPERATOR);
    port = await freePort();
    const apiDir = join(release.dir, 'apps', 'api');
    child = spawn(process.execPath, ['--import', 'tsx', join(apiDir, 'src', 'main.ts')], {
      cwd: apiDir,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        API_PORT: String(port),
        API_WORKERS: '1',
        RATE_LIMIT_SCALE: '1000',
        DATABASE_URL: tdb.ownerUrl,
        DATABASE_APP_URL: tdb.appUrl,
        DATABASE_PLATFORM_URL: tdb.platformUrl,
        DATABASE_ROLE_PASSWORD: tdb.env.DATABASE_ROLE_PASSWORD,
        TEMPORAL_ADDRESS: inject('dcTemporal').address,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the previous release's API exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline)
        throw new Error(`the previous release's API did not answer in time:\n${output}`);
      const res = await call('GET', '/api/healthz').catch(() => undefined);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await tdb?.drop();
    if (release?.dir) await rm(release.dir, { recursive: true, force: true });
  });

  it('runs its own workspaces: @dualcontrol/* resolve into the old source, third-party packages into ours', () => {
    const resolveFrom = createRequire(join(release.dir, 'apps', 'api', 'src', 'main.ts')).resolve;
    for (const pkg of ['@dualcontrol/platform', '@dualcontrol/db', '@dualcontrol/scheduling'])
      expect(realpathSync(resolveFrom(pkg)), pkg).toContain(realpathSync(release.dir));
    expect(realpathSync(resolveFrom('hono'))).toContain(realpathSync(join(repoRoot, 'node_modules')));
  });

  it('fails with a clear message, never passes, when the release is not in the clone', () => {
    const saved = process.env.DC_PREVIOUS_RELEASE;
    process.env.DC_PREVIOUS_RELEASE = 'v0.0.0-no-such-release';
    try {
      expect(() => resolvePreviousRelease()).toThrow(/is not a commit in this clone/);
    } finally {
      if (saved === undefined) delete process.env.DC_PREVIOUS_RELEASE;
      else process.env.DC_PREVIOUS_RELEASE = saved;
    }
  });

  it('is older than the schema: the database holds migrations the previous release does not know', async () => {
    const [applied] = await tdb.owner<{ n: number }[]>`
      select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied!.n).toBe(release.migrations.current);
    expect(release.migrations.previous, `${release.commit} (${release.why})`).toBeLessThan(
      release.migrations.current,
    );
  });

  it('passes the smoke checks: health, readiness, sign-in, slots, a booking made and read', async () => {
    const started = Date.now();
    expect((await call('GET', '/api/healthz')).status).toBe(200);
    const ready = await call('GET', '/api/readyz');
    expect(ready.status, JSON.stringify(ready.body)).toBe(200);

    const operator = await call('POST', '/api/v1/platform/login', { body: OPERATOR });
    expect(operator.status).toBe(200);
    const slug = 'oldrelease';
    const owner = {
      email: 'owner@oldrelease.test',
      name: 'Old Release Owner',
      password: 'old-release-owner-pw',
    };
    const school = await call('POST', '/api/v1/platform/tenants', {
      token: operator.body.token,
      body: { slug, name: 'Old Release Driving School', timezone: 'Europe/London', currency: 'GBP', owner },
    });
    expect(school.status, JSON.stringify(school.body)).toBe(201);
    const signIn = async (email: string, password: string) => {
      const res = await call('POST', '/api/v1/auth/login', { tenant: slug, body: { email, password } });
      expect(res.status, `sign-in of ${email}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.token as string;
    };
    const ownerToken = await signIn(owner.email, owner.password);
    const person = async (kind: 'instructors' | 'students', name: string) => {
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}@oldrelease.test`;
      const password = `${name}-password-123`;
      const res = await call('POST', `/api/v1/${kind}`, {
        tenant: slug,
        token: ownerToken,
        body: { name, email, password },
      });
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(201);
      return { id: res.body.id as string, token: await signIn(email, password) };
    };
    const instructor = await person('instructors', 'Ivy Instructor');
    const student = await person('students', 'Stan Student');
    const weekly = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
      day,
      start: '09:00',
      end: '17:00',
    }));
    const availability = await call('PUT', `/api/v1/instructors/${instructor.id}/availability`, {
      tenant: slug,
      token: instructor.token,
      body: { timezone: 'Europe/London', weekly },
    });
    expect(availability.status, JSON.stringify(availability.body)).toBe(200);

    const from = DateTime.now().setZone('Europe/London').plus({ days: 3 }).toISODate()!;
    const to = DateTime.now().setZone('Europe/London').plus({ days: 6 }).toISODate()!;
    const slots = await call('GET', `/api/v1/slots?from=${from}&to=${to}&duration=60`, {
      tenant: slug,
      token: student.token,
    });
    expect(slots.status, JSON.stringify(slots.body)).toBe(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
    const slot = slots.body.slots[0] as { instructorId: string; start: string };
    expect(slot.instructorId).toBe(instructor.id);

    const booked = await call('POST', '/api/v1/bookings', {
      tenant: slug,
      token: student.token,
      body: { instructorId: slot.instructorId, start: slot.start, durationMinutes: 60 },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const read = await call('GET', `/api/v1/bookings/${booked.body.id}`, {
      tenant: slug,
      token: student.token,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: booked.body.id, instructorId: instructor.id, start: slot.start });
    // Written to the new schema's tables, as the new release reads them.
    const [row] = await tdb.owner<
      { status: string }[]
    >`select status from bookings where id = ${booked.body.id}`;
    expect(row!.status).toBe('pending');

    bookingId = booked.body.id;
    studentToken = student.token;
    console.info(
      `drill: previous release ${release.commit.slice(0, 10)} (${release.migrations.previous} migrations; ` +
        `schema at ${release.migrations.current}) passed its smoke checks in ${Date.now() - started} ms`,
    );
  }, 60_000);

  it('catches a contract step: once a column it reads is renamed, the same read fails', async () => {
    // The control that shows the check can fail: what a one-release rename would do to old pods.
    expect(bookingId, 'the smoke checks ran first').toBeDefined();
    await tdb.owner`alter table bookings rename column notes to notes_renamed`;
    try {
      const read = await call('GET', `/api/v1/bookings/${bookingId}`, {
        tenant: 'oldrelease',
        token: studentToken,
      });
      expect(read.status).toBe(500);
    } finally {
      await tdb.owner`alter table bookings rename column notes_renamed to notes`;
    }
    const again = await call('GET', `/api/v1/bookings/${bookingId}`, {
      tenant: 'oldrelease',
      token: studentToken,
    });
    expect(again.status).toBe(200);
  });
});
