import { createApp } from '@dualcontrol/api';
import { buildDeps } from '@dualcontrol/api/deps';
import { createTestApi, type TestApi } from '@dualcontrol/api/testing';
import { requestTx } from '@dualcontrol/platform';
import type { Pgbouncer } from '@dualcontrol/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPooler } from './pooler-fixture.ts';
import { type LoadSchool, leaks, PROBE_PATH, runLoad, type Send } from './two-school-load.ts';

type App = ReturnType<typeof createApp>;

/** Test-only: what the request's own transaction sees — its settings and the backend serving it. */
function mountProbe(app: App) {
  app.get(PROBE_PATH, async (c) => {
    const [row] = await requestTx(c).execute<{ tenantId: string; userId: string; pid: number }>(
      sql`select current_setting('app.tenant_id', true) as "tenantId",
                 current_setting('app.user_id', true) as "userId", pg_backend_pid() as pid`,
    );
    return c.json(row);
  });
}

/** In-process calls (app.request): every middleware and query runs; only the socket is skipped. */
function sender(app: App): Send {
  return async (method, path, token, tenant, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-tenant': tenant };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, text: await res.text() };
  };
}

const POOL_SIZE = 3;

/**
 * The real API with DATABASE_POOLER_URL pointing at a real PgBouncer (transaction mode, 3 server
 * connections per role) while the API keeps its usual 10 client connections, under concurrent load
 * from two schools; beside it the same API straight to PostgreSQL on the same database.
 */
describe('the API through PgBouncer in transaction mode', () => {
  let pooler: Pgbouncer;
  let api: TestApi;
  let pooled: App;
  let direct: App;
  let directDeps: ReturnType<typeof buildDeps>;
  const schools: LoadSchool[] = [];

  beforeAll(async () => {
    pooler = await startPooler(POOL_SIZE);
    // The pooler URL names no database: the app's own (this file's clone) is used through it.
    api = await createTestApi({
      processes: 1,
      env: { DATABASE_POOLER_URL: `postgres://127.0.0.1:${pooler.port}`, RATE_LIMIT_SCALE: '1000000' },
    });
    pooled = api.app;
    mountProbe(pooled);
    directDeps = buildDeps({ ...api.tdb.env, DATABASE_POOLER_URL: undefined });
    direct = createApp(directDeps);
    mountProbe(direct);

    const setups = [
      {
        slug: 'northpool',
        timezone: 'Europe/London',
        currency: 'GBP',
        locale: 'en-GB',
        palette: ['#8b0000', '#7a0000'],
      },
      {
        slug: 'southpool',
        timezone: 'America/Chicago',
        currency: 'USD',
        locale: 'en-US',
        palette: ['#005a00', '#004b00'],
      },
    ];
    for (const s of setups) {
      const made = await api.createSchool(s.slug, { timezone: s.timezone, currency: s.currency });
      const me = await api.call('GET', '/api/v1/auth/me', { tenant: s.slug, token: made.ownerToken });
      const school: LoadSchool = {
        slug: s.slug,
        tenantId: made.tenant.id,
        currency: s.currency,
        timezone: s.timezone,
        preferences: { locale: s.locale, timezone: s.timezone },
        palette: s.palette,
        actors: [{ role: 'owner', userId: me.body.user.id, token: made.ownerToken }],
        marks: new Set([s.slug, made.tenant.id, me.body.user.id, made.owner.email]),
      };
      for (const [kind, role, count] of [
        ['instructors', 'instructor', 2],
        ['students', 'student', 4],
      ] as const) {
        for (let i = 1; i <= count; i++) {
          const p = await api.addPerson(s.slug, made.ownerToken, kind, `${s.slug} ${role} ${i}`);
          school.actors.push({ role, userId: p.userId, token: p.token });
          for (const mark of [p.id, p.userId, p.email]) school.marks.add(mark);
        }
      }
      schools.push(school);
    }
  });
  afterAll(async () => {
    await directDeps?.close();
    await api?.close();
    await pooler?.stop();
  });

  it('really goes through the pooler: the API’s connections are PgBouncer clients', async () => {
    const res = await sender(pooled)('GET', PROBE_PATH, schools[0]!.actors[0]!.token, schools[0]!.slug);
    expect(res.status).toBe(200);
    const clients = await pooler.show('CLIENTS');
    expect(clients.some((c) => c.user === 'dualcontrol_app' && c.database === api.tdb.name)).toBe(true);
  });

  it('under concurrent load from two schools no answer holds the other school’s rows or settings, and each request sees its own tenant and user', async () => {
    const { outcomes, failures } = await runLoad(sender(pooled), schools, {
      total: 800,
      concurrency: 32,
      seed: 15,
    });
    // No 5xx, no "prepared statement does not exist", every answer the expected one for its caller.
    expect(failures).toEqual([]);
    expect(leaks(outcomes, schools)).toEqual([]);

    // The test is only worth something if the schools really shared server connections: few
    // backends served every probe, and some backend served both schools' transactions.
    const probes = outcomes.filter((o) => o.probe);
    expect(probes.length).toBeGreaterThan(50);
    const pids = new Map<number, Set<string>>();
    for (const o of probes) pids.set(o.probe!.pid, (pids.get(o.probe!.pid) ?? new Set()).add(o.school));
    expect(pids.size).toBeLessThanOrEqual(POOL_SIZE);
    expect([...pids.values()].some((served) => served.size === 2)).toBe(true);
    const servers = await pooler.show('SERVERS');
    const appServers = servers.filter((s) => s.user === 'dualcontrol_app' && s.database === api.tdb.name);
    expect(appServers.length).toBeLessThanOrEqual(POOL_SIZE);
  });

  it('needs the switch: the same API given the pooler as its plain DATABASE_APP_URL fails requests on PgBouncer 1.18', async () => {
    // What infra/ used to configure: the run-time role URLs pointing at PgBouncer, named statements on.
    const env = {
      ...api.tdb.env,
      DATABASE_POOLER_URL: undefined,
      DATABASE_APP_URL: pooler.through(api.tdb.appUrl),
      DATABASE_PLATFORM_URL: pooler.through(api.tdb.platformUrl),
    };
    const deps = buildDeps(env);
    try {
      const run = await runLoad(sender(createApp(deps)), schools, { total: 200, concurrency: 16, seed: 7 });
      const broken = run.outcomes.filter((o) => o.status >= 500);
      console.log(
        `[pooler] without the switch: ${broken.length} of ${run.outcomes.length} requests answered 5xx`,
      );
      if (pooler.preparedStatements) expect(broken).toEqual([]);
      else expect(broken.length).toBeGreaterThan(0);
    } finally {
      await deps.close();
    }
  });

  it('holds its throughput: requests per second through the pooler against straight to PostgreSQL', async () => {
    const load = { total: 400, concurrency: 16, seed: 1015 };
    // Warm both (connections, caches), then alternate, keeping each side's best run.
    await runLoad(sender(direct), schools, { ...load, total: 100 });
    await runLoad(sender(pooled), schools, { ...load, total: 100 });
    const rate = { direct: 0, pooled: 0 };
    for (let round = 0; round < 2; round++) {
      for (const side of ['direct', 'pooled'] as const) {
        const run = await runLoad(sender(side === 'direct' ? direct : pooled), schools, load);
        expect(run.failures).toEqual([]);
        rate[side] = Math.max(rate[side], (load.total / run.ms) * 1000);
      }
    }
    const ratio = rate.pooled / rate.direct;
    console.log(
      `[pooler] ${load.total} mixed requests, ${load.concurrency} at a time: direct ${rate.direct.toFixed(0)} req/s, ` +
        `through PgBouncer ${pooler.version} (pool ${POOL_SIZE}) ${rate.pooled.toFixed(0)} req/s (${(ratio * 100).toFixed(0)} %)`,
    );
    expect(ratio).toBeGreaterThanOrEqual(0.4);
  }, 120_000);
});
