/**
 * `npm run bench` (analytics): a school of 50 instructors and 2,000 students with two years of
 * lessons as analytics events (about 220,000 lessons, with cancellations, no-shows, payments and
 * practical tests), then (1) a full rebuild of its daily facts from analytics_events and (2) the
 * office's reports over a year through the real API, beside GET /auth/me (tenant + session: the
 * floor of any school request) measured in the same run.
 *
 * Targets (issue 14): a full rebuild of that school's facts ≤ 60 s; a report p95 ≤ 100 ms (read
 * models, not scans). Runs when BENCH_STEPS is unset or names `analytics`. BENCH_QUICK=1: a quarter
 * of the history and fewer requests.
 */

import { performance } from 'node:perf_hooks';
import { rebuildSchoolFacts } from '@dualcontrol/analytics';
import { systemActor } from '@dualcontrol/db';
import { createTenant, loginUser } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import postgres from 'postgres';
import { createApp } from '../src/create-app.ts';
import { buildDeps } from '../src/deps.ts';
import { startBenchDatabase } from './bench-database.ts';
import { printTable, summarize } from './bench-support.ts';

const steps = process.env.BENCH_STEPS;
if (steps && !steps.split(',').includes('analytics')) {
  console.log('bench (analytics): skipped (BENCH_STEPS does not name analytics)');
  process.exit(0);
}
const QUICK = process.env.BENCH_QUICK === '1';
const DAYS = QUICK ? 183 : 730;
const INSTRUCTORS = 50;
const STUDENTS = 2000;
const LESSONS_PER_INSTRUCTOR_DAY = 6;
const REQUESTS = QUICK ? 50 : 200;

console.log('bench (analytics): starting embedded PostgreSQL…');
const bench = await startBenchDatabase({ prefix: 'dualcontrol-analytics-bench-' });
let failed = false;
try {
  const deps = buildDeps(bench.env);
  const slug = 'analyticsbench';
  const tenant = await createTenant(deps.platformDb, createProductRegistry(), systemActor, {
    slug,
    name: 'Analytics Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: `owner@${slug}.test`, name: 'Owner', password: 'bench-owner-password' },
  });
  const resolved = { ...tenant, modules: tenant.modules as string[], policies: {}, moduleSettings: {} };
  const token = (
    await loginUser(deps, resolved, {
      email: `owner@${slug}.test`,
      password: 'bench-owner-password',
      ip: '127.0.0.1',
    })
  ).token;

  // Two years of history ending today, made in SQL (what the analytics subscriber would have written).
  const owner = postgres(bench.ownerUrl, { max: 1, onnotice: () => {} });
  const started = performance.now();
  await owner`
    with i as (select gen_random_uuid() as instructor_id, n from generate_series(1, ${INSTRUCTORS}) n),
    s as (select array_agg(gen_random_uuid()) as ids from generate_series(1, ${STUDENTS})),
    slot as (
      select i.instructor_id, d, h,
             (current_date - d)::timestamp + make_interval(hours => 8 + h) as start,
             random() as r, s.ids[1 + floor(random() * ${STUDENTS})::int] as student_id
        from i, s, generate_series(1, ${DAYS}) d, generate_series(0, ${LESSONS_PER_INSTRUCTOR_DAY - 1}) h
    )
    insert into analytics_events (tenant_id, id, type, occurred_at, entity_type, entity_id, properties)
    select ${tenant.id}, gen_random_uuid(),
           case when r < 0.08 then 'booking.cancelled' when r < 0.11 then 'booking.no_show' else 'booking.completed' end,
           start - case when r < 0.08 then interval '30 hours' * r * 20 else interval '-2 hours' end,
           'booking', gen_random_uuid()::text,
           jsonb_build_object('instructorId', instructor_id, 'studentId', student_id,
                              'start', to_char(start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                              'end', to_char(start + interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
      from slot`;
  await owner`
    insert into analytics_events (tenant_id, id, type, occurred_at, entity_type, entity_id, properties)
    select ${tenant.id}, gen_random_uuid(), 'payment.succeeded', occurred_at + interval '1 hour', 'payment',
           gen_random_uuid()::text, jsonb_build_object('amountMinor', 4500, 'currency', 'GBP', 'studentId', properties ->> 'studentId')
      from analytics_events where tenant_id = ${tenant.id} and type = 'booking.completed'`;
  await owner`
    insert into analytics_events (tenant_id, id, type, occurred_at, entity_type, entity_id, properties)
    select ${tenant.id}, gen_random_uuid(), case when random() < 0.5 then 'test.passed' else 'test.failed' end,
           current_date - (random() * ${DAYS})::int, 'test', gen_random_uuid()::text,
           jsonb_build_object('studentId', student_id, 'kind', 'practical',
                              'testOn', to_char(current_date - (random() * ${DAYS})::int, 'YYYY-MM-DD'))
      from (select distinct properties ->> 'studentId' as student_id from analytics_events
             where tenant_id = ${tenant.id} and type = 'booking.completed') s`;
  await owner`analyze analytics_events`;
  const [counted] = await owner<{ n: number }[]>`select count(*)::int as n from analytics_events`;
  const n = counted!.n;
  console.log(
    `bench (analytics): ${n} events over ${DAYS} days in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await owner.end();

  const t0 = performance.now();
  const rebuilt = await rebuildSchoolFacts(deps.db, tenant.id);
  const rebuildMs = performance.now() - t0;

  const app = createApp(deps);
  const get = async (path: string) => {
    const t = performance.now();
    const res = await app.request(path, { headers: { 'x-tenant': slug, authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t;
  };
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  const cases: [string, string, boolean][] = [
    ['GET /auth/me (baseline)', '/api/v1/auth/me', false],
    [
      'cancellations, a year by month',
      `/api/v1/analytics/reports/cancellations?from=${from}&to=${to}&period=month`,
      true,
    ],
    [
      'cancellations, a year by day (365 rows)',
      `/api/v1/analytics/reports/cancellations?from=${from}&to=${to}&period=day`,
      true,
    ],
    [
      'pass rate, a year by week',
      `/api/v1/analytics/reports/pass-rate?from=${from}&to=${to}&period=week`,
      true,
    ],
    [
      'revenue, a year by month, CSV',
      `/api/v1/analytics/reports/revenue?from=${from}&to=${to}&format=csv`,
      true,
    ],
    [
      'cohort retention, a year (scans lesson events)',
      `/api/v1/analytics/reports/cohort-retention?from=${from}&to=${to}`,
      false,
    ],
  ];
  const rows = [];
  for (const [name, path, judged] of cases) {
    for (let i = 0; i < 5; i += 1) await get(path); // warm-up
    const latencies: number[] = [];
    const count = path.includes('cohort') ? Math.max(10, REQUESTS / 10) : REQUESTS;
    for (let i = 0; i < count; i += 1) latencies.push(await get(path));
    const s = summarize(latencies);
    const ok = s.p95 <= 100;
    if (judged && !ok) failed = true;
    rows.push({
      name,
      n: s.n,
      rate: (1000 / s.mean).toFixed(0),
      p50: s.p50.toFixed(2),
      p95: s.p95.toFixed(2),
      p99: s.p99.toFixed(2),
      target: judged ? 'p95 ≤ 100 ms' : '',
      verdict: judged ? (ok ? 'PASS' : 'MISS') : '',
    });
  }
  const rebuildOk = rebuildMs <= 60_000;
  if (!rebuildOk) failed = true;
  rows.unshift({
    name: `full rebuild (${rebuilt.schoolDays} school days, ${rebuilt.instructorDays} instructor days)`,
    n: 1,
    rate: '',
    p50: rebuildMs.toFixed(0),
    p95: '',
    p99: '',
    target: '≤ 60000 ms',
    verdict: rebuildOk ? 'PASS' : 'MISS',
  });
  printTable(
    `bench (analytics): ${INSTRUCTORS} instructors, ${STUDENTS} students, ${DAYS} days; sequential requests in-process`,
    rows,
  );
  await deps.close();
} finally {
  await bench.stop();
}
if (failed) process.exitCode = 1;
