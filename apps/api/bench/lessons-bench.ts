/**
 * `npm run bench` (lessons): recording a lesson with all 27 skills of the UK syllabus, and reading
 * the progress page (skills, readiness, recommendations) of a student with 60 recorded lessons —
 * through the real API on an embedded PostgreSQL, beside a bare Hono baseline and GET /auth/me
 * (tenant + session: the floor of any school request) measured in the same run. Load and server
 * share this process (as in the payments bench): read the ratios.
 *
 * Targets (issue 12): record with 27 entries p99 ≤ 50 ms; progress for 60 lessons p95 ≤ 30 ms.
 * Runs when BENCH_STEPS is unset or names `lessons`. Knobs: BENCH_QUICK=1, BENCH_DURATION_MS,
 * BENCH_DIAG=1 (PostgreSQL's time per statement and per trigger function over 30 sequential
 * records), BENCH_SHOW_SQL=1 (the statements of one record and one progress read).
 */

import { Agent } from 'node:http';
import { systemActor } from '@dualcontrol/db';
import { createPerson, createTenant, freePort, loginUser } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import { createApp } from '../src/create-app.ts';
import { buildDeps } from '../src/deps.ts';
import { startBenchDatabase } from './bench-database.ts';
import { call as callJson, statementCounter, summarize } from './bench-support.ts';
import { send } from './closed-loop.ts';

const steps = process.env.BENCH_STEPS;
if (steps && !steps.split(',').includes('lessons')) {
  console.log('bench (lessons): skipped (BENCH_STEPS does not name lessons)');
  process.exit(0);
}

const QUICK = process.env.BENCH_QUICK === '1';
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? (QUICK ? 2000 : 5000));
const CLIENTS = 8;
/** Lessons waiting to be recorded, per client: more than a run can use. */
const LESSONS_PER_CLIENT = QUICK ? 400 : 1000;
const HISTORY = 60;

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

type Case = {
  name: string;
  n: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  target: string;
  verdict: string;
};

/** N clients in a closed loop for the duration; latencies of every request. */
async function loop(
  name: string,
  clients: number,
  once: (client: number) => Promise<boolean>,
  target = '(baseline)',
  judge?: (c: Case) => boolean,
): Promise<Case> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        const t = performance.now();
        if (!(await once(client))) errors += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const s = summarize(latencies);
  const c: Case = {
    name,
    n: s.n,
    perSecond: Math.round(s.n / (DURATION_MS / 1000)),
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    errors,
    target,
    verdict: '',
  };
  c.verdict = judge ? (judge(c) ? 'PASS' : 'MISS') : '';
  return c;
}

console.log('bench (lessons): starting embedded PostgreSQL…');
let failed = false;
/** BENCH_DIAG=1: PostgreSQL's own time per statement of sequential records (log_min_duration_statement). */
const DIAG = process.env.BENCH_DIAG === '1';
const durationLog: string[] = [];
const bench = await startBenchDatabase({
  prefix: 'dualcontrol-lessons-bench-',
  onLog: (line) => {
    if (DIAG && /duration: [\d.]+ ms/.test(line) && durationLog.length < 20_000) durationLog.push(line);
  },
});
try {
  const { env } = bench;
  const deps = buildDeps(env);
  const slug = 'lessonbench';
  const tenant = await createTenant(deps.platformDb, createProductRegistry(), systemActor, {
    slug,
    name: 'Lesson Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: `owner@${slug}.test`, name: 'Owner', password: 'bench-owner-password' },
  });
  const resolved = { ...tenant, modules: tenant.modules as string[], policies: {}, moduleSettings: {} };
  const person = (kind: 'student' | 'instructor', i: number) =>
    createPerson(deps.db, resolved, systemActor, {
      kind,
      name: `${kind} ${i}`,
      email: `${kind}${i}@${slug}.test`,
      ...(kind === 'instructor' ? { password: `bench-${kind}-${i}-password` } : {}),
    });
  const instructors = [];
  const students = [];
  for (let i = 0; i < CLIENTS; i += 1) {
    instructors.push(await person('instructor', i));
    students.push(await person('student', i));
  }
  const reader = await person('student', CLIENTS);
  const login = async (email: string, password: string) =>
    (await loginUser(deps, resolved, { email, password, ip: '127.0.0.1' })).token;
  const ownerToken = await login(`owner@${slug}.test`, 'bench-owner-password');
  const instructorTokens = await Promise.all(
    instructors.map((_, i) => login(`instructor${i}@${slug}.test`, `bench-instructor-${i}-password`)),
  );
  const ownerAuth = { 'x-tenant': slug, authorization: `Bearer ${ownerToken}` };
  const instructorAuth = (i: number) => ({
    'x-tenant': slug,
    authorization: `Bearer ${instructorTokens[i]}`,
  });

  const apiPort = await freePort();
  const barePort = await freePort();
  const apiServer = serve({ fetch: createApp(deps).fetch, port: apiPort, hostname: '127.0.0.1' });
  const bareServer = serve({
    fetch: new Hono().get('/ping', (c) => c.json({ ok: true })).fetch,
    port: barePort,
    hostname: '127.0.0.1',
  });

  const installed = await callJson(apiPort, 'POST', '/api/v1/syllabus/install', {
    tenant: slug,
    token: ownerToken,
    body: { template: 'uk' },
  });
  if (installed.status !== 200)
    throw new Error(`install: ${installed.status} ${JSON.stringify(installed.body)}`);
  const skillIds: string[] = installed.body.syllabus.categories.flatMap((c: { skills: { id: string }[] }) =>
    c.skills.map((s) => s.id),
  );

  // Taught lessons waiting for their record (completed bookings, hourly in the past), made in SQL:
  // client i records its own instructor's lessons of its own student.
  console.log(`bench (lessons): ${CLIENTS * LESSONS_PER_CLIENT + HISTORY} taught lessons…`);
  const owner = postgres(bench.ownerUrl, { max: 2, onnotice: () => {} });
  const made = await owner<{ id: string; client: number }[]>`
    with b as (
      insert into bookings (tenant_id, instructor_id, student_id, starts_at, ends_at, status, price_minor, currency)
      select ${tenant.id}, (${instructors.map((x) => x.id)}::uuid[])[c + 1], (${students.map((x) => x.id)}::uuid[])[c + 1],
             date_trunc('hour', now()) - interval '400 days' + (n * ${CLIENTS} + c) * interval '1 hour',
             date_trunc('hour', now()) - interval '400 days' + (n * ${CLIENTS} + c) * interval '1 hour' + interval '1 hour',
             'completed', 4500, 'GBP'
        from generate_series(0, ${CLIENTS - 1}) c, generate_series(1, ${LESSONS_PER_CLIENT}) n
      returning id, tenant_id, instructor_id, student_id, starts_at
    )
    insert into lessons (tenant_id, booking_id, student_id, instructor_id, taught_at, minutes)
    select tenant_id, id, student_id, instructor_id, starts_at, 60 from b
    returning id, (array_position(${students.map((x) => x.id)}::uuid[], student_id) - 1) as client`;
  const queues = students.map((_, i) => made.filter((l) => l.client === i).map((l) => l.id));
  // The reader: 60 lessons with instructor 0, 59 recorded in SQL, the last through the API (which
  // rewrites the read model from all 60).
  await owner`
    with b as (
      insert into bookings (tenant_id, instructor_id, student_id, starts_at, ends_at, status, price_minor, currency)
      select ${tenant.id}, ${instructors[0]!.id}, ${reader.id},
             date_trunc('hour', now()) - n * interval '2 days' - interval '3 hours',
             date_trunc('hour', now()) - n * interval '2 days' - interval '2 hours', 'completed', 4500, 'GBP'
        from generate_series(1, ${HISTORY}) n
      returning id, tenant_id, instructor_id, student_id, starts_at
    )
    insert into lessons (tenant_id, booking_id, student_id, instructor_id, taught_at, minutes)
    select tenant_id, id, student_id, instructor_id, starts_at, 60 from b`;
  // Newest first: the newest is recorded through the API below, the 59 before it were recorded long ago.
  const history = await owner<{ id: string }[]>`
    select id from lessons where student_id = ${reader.id} order by taught_at desc`;
  await owner`update lessons set recorded_at = taught_at + interval '2 hours', editable_until = taught_at + interval '50 hours'
    where id = any(${history.slice(1).map((h) => h.id)}::uuid[])`;
  await owner`
    insert into lesson_progress (tenant_id, lesson_id, student_id, skill_id, taught_at, level)
    select ${tenant.id}, l.id, ${reader.id}, s, l.taught_at, 1 + (abs(hashtext(l.id::text || s::text)) % 5)
      from lessons l, unnest(${skillIds}::uuid[]) s
     where l.id = any(${history.slice(1).map((h) => h.id)}::uuid[])`;
  const entries = (seed: number) => skillIds.map((skillId, i) => ({ skillId, level: ((i + seed) % 5) + 1 }));
  const last = await callJson(apiPort, 'PUT', `/api/v1/lessons/${history[0]!.id}/record`, {
    tenant: slug,
    token: instructorTokens[0]!,
    body: { entries: entries(0), notes: 'Bench' },
  });
  if (last.status !== 200) throw new Error(`record: ${last.status} ${JSON.stringify(last.body)}`);
  await owner`analyze`;

  // One request of each, counted: the statements it sends on the app pool.
  const statements = statementCounter([deps.db.sql]);
  statements.start();
  const probe = await callJson(apiPort, 'PUT', `/api/v1/lessons/${queues[0]!.shift()}/record`, {
    tenant: slug,
    token: instructorTokens[0]!,
    body: { entries: entries(1) },
  });
  const [recordSql] = statements.stop();
  statements.start();
  const progress = await callJson(apiPort, 'GET', `/api/v1/students/${reader.id}/progress`, {
    tenant: slug,
    token: ownerToken,
  });
  const [progressSql] = statements.stop();
  if (probe.status !== 200 || progress.status !== 200)
    throw new Error(`probes: ${probe.status} ${progress.status}`);

  const record = (client: number) => {
    const id = queues[client]!.shift();
    if (!id) return Promise.resolve(false);
    return send(agent, apiPort, 'PUT', `/api/v1/lessons/${id}/record`, instructorAuth(client), {
      entries: entries(client),
      notes: 'Worked on roundabouts',
    });
  };
  const readProgress = () => send(agent, apiPort, 'GET', `/api/v1/students/${reader.id}/progress`, ownerAuth);

  await loop('warm-up', CLIENTS, () => send(agent, apiPort, 'GET', '/api/v1/auth/me', ownerAuth));
  const diagnosis: string[] = [];
  if (DIAG) {
    const runs = 30;
    await owner`alter system set log_min_duration_statement = 0`;
    await owner`alter system set track_functions = 'pl'`;
    await owner`select pg_reload_conf()`;
    await new Promise((r) => setTimeout(r, 300));
    await owner`select pg_stat_reset()`;
    durationLog.length = 0;
    for (let i = 0; i < runs; i += 1) await record(0);
    await owner`alter system reset log_min_duration_statement`;
    await owner`select pg_reload_conf()`;
    // Backends flush their function statistics when idle (at most a second later).
    await new Promise((r) => setTimeout(r, 1500));
    const triggers = await owner<{ name: string; calls: number; ms: number }[]>`
      select funcname as name, calls::int, self_time as ms from pg_stat_user_functions order by self_time desc limit 3`;
    for (const t of triggers)
      diagnosis.push(
        `${(t.ms / runs).toFixed(3)} ms per record in ${t.name}() (${(t.calls / runs).toFixed(0)} calls per record)`,
      );
    const byStatement = new Map<string, number[]>();
    for (const line of durationLog) {
      const m = line.match(
        /duration: ([\d.]+) ms\s+(?:execute [^:]*|statement|parse [^:]*|bind [^:]*):\s*(.*)/,
      );
      if (!m) continue;
      const key = m[2]!.replace(/\s+/g, ' ').slice(0, 90);
      byStatement.set(key, [...(byStatement.get(key) ?? []), Number(m[1])]);
    }
    for (const [key, times] of byStatement)
      diagnosis.push(
        `${(times.reduce((a, b) => a + b, 0) / runs).toFixed(3)} ms per record (${times.length}×) ${key}`,
      );
  }
  const results = [
    await loop('baseline: bare Hono GET /ping', CLIENTS, () => send(agent, barePort, 'GET', '/ping')),
    await loop('baseline: GET /api/v1/auth/me', CLIENTS, () =>
      send(agent, apiPort, 'GET', '/api/v1/auth/me', ownerAuth),
    ),
    await loop(
      'PUT /lessons/{id}/record, 27 entries (1 client)',
      1,
      record,
      'p99 ≤ 50 ms',
      (c) => c.p99 <= 50,
    ),
    await loop(
      `PUT /lessons/{id}/record, 27 entries (${CLIENTS} clients)`,
      CLIENTS,
      record,
      'p99 ≤ 50 ms',
      (c) => c.p99 <= 50,
    ),
    await loop(
      'GET /students/{id}/progress, 60 lessons (1 client)',
      1,
      readProgress,
      'p95 ≤ 30 ms',
      (c) => c.p95 <= 30,
    ),
    await loop(
      `GET /students/{id}/progress, 60 lessons (${CLIENTS} clients)`,
      CLIENTS,
      readProgress,
      'p95 ≤ 30 ms',
      (c) => c.p95 <= 30,
    ),
  ];

  const [counts] = await owner<{ progress: number; entries: number }[]>`
    select (select count(*)::int from student_progress where student_id = ${reader.id}) as progress,
           (select count(*)::int from lesson_progress where student_id = ${reader.id}) as entries`;
  console.log(
    `\nbench (lessons): closed loop, ${DURATION_MS} ms per case, load generator in-process; ` +
      `reader: ${counts!.entries} entries over ${HISTORY} lessons, ${counts!.progress} skills in the read model\n`,
  );
  console.log(
    `${'case'.padEnd(54)} ${'n'.padStart(6)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  ${'target'.padEnd(13)} result  errors`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(54)} ${String(r.n).padStart(6)} ${String(r.perSecond).padStart(7)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}  ${r.target.padEnd(13)} ${r.verdict.padEnd(7)} ${r.errors}`,
    );
  }
  console.log(
    `\n  · one record (27 entries) = ${recordSql!.length} statements on the app pool, begin and commit included` +
      `\n  · one progress read (60 lessons) = ${progressSql!.length} statements on the app pool`,
  );
  for (const d of diagnosis) console.log(`  · postgres: ${d}`);
  if (process.env.BENCH_SHOW_SQL === '1') {
    for (const q of [...recordSql!, '—', ...progressSql!]) console.log(`    ${q.slice(0, 160)}`);
  }
  apiServer.close();
  bareServer.close();
  agent.destroy();
  await owner.end();
  await deps.close();
  failed = results.some((r) => r.errors > 0);
} finally {
  await bench.stop();
}
process.exit(failed ? 1 : 0);
