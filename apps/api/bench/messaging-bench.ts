/**
 * `npm run bench` (messaging): the inbox (GET /messaging/threads: 20 conversations holding 1,000
 * messages, each with its unread count and last message), one conversation's newest page (GET
 * /threads/{id}/messages, a thread of 1,000 messages, with read receipts) and the unread total —
 * through the real API on an embedded PostgreSQL, beside a bare Hono baseline and GET /auth/me
 * (tenant + session: the floor of any school request) measured in the same run. Load and server
 * share this process (as in the lessons bench): read the ratios.
 *
 * Target (issue 13): inbox of 1,000 messages p95 ≤ 30 ms. Runs when BENCH_STEPS is unset or names
 * `messaging`. Knobs: BENCH_QUICK=1, BENCH_DURATION_MS, BENCH_SHOW_SQL=1.
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
if (steps && !steps.split(',').includes('messaging')) {
  console.log('bench (messaging): skipped (BENCH_STEPS does not name messaging)');
  process.exit(0);
}

const QUICK = process.env.BENCH_QUICK === '1';
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? (QUICK ? 2000 : 5000));
const CLIENTS = 8;
const THREADS = 20;
const MESSAGES = 1000;

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

async function loop(
  name: string,
  clients: number,
  once: () => Promise<boolean>,
  target = '(baseline)',
  judge?: (c: Case) => boolean,
): Promise<Case> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        if (!(await once())) errors += 1;
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

console.log('bench (messaging): starting embedded PostgreSQL…');
let failed = false;
const bench = await startBenchDatabase({ prefix: 'dualcontrol-messaging-bench-' });
try {
  const { env } = bench;
  const deps = buildDeps(env);
  const slug = 'msgbench';
  const tenant = await createTenant(deps.platformDb, createProductRegistry(), systemActor, {
    slug,
    name: 'Messaging Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: `owner@${slug}.test`, name: 'Owner', password: 'bench-owner-password' },
  });
  const resolved = { ...tenant, modules: tenant.modules as string[], policies: {}, moduleSettings: {} };
  const instructor = await createPerson(deps.db, resolved, systemActor, {
    kind: 'instructor',
    name: 'Ivy Instructor',
    email: `ivy@${slug}.test`,
    password: 'bench-instructor-password',
  });
  const students = [];
  for (let i = 0; i < THREADS; i += 1)
    students.push(
      await createPerson(deps.db, resolved, systemActor, {
        kind: 'student',
        name: `Student ${i}`,
        email: `s${i}@${slug}.test`,
      }),
    );
  const login = async (email: string, password: string) =>
    (await loginUser(deps, resolved, { email, password, ip: '127.0.0.1' })).token;
  const ownerToken = await login(`owner@${slug}.test`, 'bench-owner-password');
  const ivyToken = await login(`ivy@${slug}.test`, 'bench-instructor-password');
  const ivyAuth = { 'x-tenant': slug, authorization: `Bearer ${ivyToken}` };
  const ownerAuth = { 'x-tenant': slug, authorization: `Bearer ${ownerToken}` };

  // Ivy's inbox: one conversation per student, 1,000 messages over them (50 each, both ways),
  // Ivy's read pointer half-way through each (25 unread per thread); and one long conversation
  // of 1,000 messages with student 0. Made in SQL, as the API would have left them.
  console.log(
    `bench (messaging): ${THREADS} conversations of ${MESSAGES / THREADS} messages and one of ${MESSAGES}…`,
  );
  const owner = postgres(bench.ownerUrl, { max: 2, onnotice: () => {} });
  const t = tenant.id;
  const threads = await owner<{ id: string }[]>`
    insert into message_threads (tenant_id, kind, subject, created_by, last_message_at)
    select ${t}, 'student_instructor', 'Lessons ' || n, ${instructor.userId}, now()
      from generate_series(0, ${THREADS}) n
    returning id`;
  for (const [i, th] of threads.entries()) {
    const student = students[i < THREADS ? i : 0]!.userId;
    const count = i < THREADS ? MESSAGES / THREADS : MESSAGES;
    await owner`insert into message_participants (tenant_id, thread_id, user_id, role)
      values (${t}, ${th.id}, ${instructor.userId}, 'instructor'), (${t}, ${th.id}, ${student}, 'student')`;
    await owner`insert into messages (tenant_id, id, thread_id, sender_id, body, created_at)
      select ${t}, dc_uuidv7(), ${th.id}, case when n % 2 = 0 then ${student}::uuid else ${instructor.userId}::uuid end,
             'Message ' || n || ': see you at the station at ten, and bring your licence.',
             now() - (${count} - n) * interval '1 minute'
        from generate_series(1, ${count}) n`;
    await owner`update message_participants p set
        last_read_message_id = (select id from messages where thread_id = ${th.id} order by id offset ${count / 2} limit 1),
        last_read_at = now()
      where p.thread_id = ${th.id}`;
    await owner`update message_threads set last_message_at = (select max(created_at) from messages where thread_id = ${th.id})
      where id = ${th.id}`;
  }
  await owner`analyze`;
  const long = threads[THREADS]!.id;

  const apiPort = await freePort();
  const barePort = await freePort();
  const apiServer = serve({ fetch: createApp(deps).fetch, port: apiPort, hostname: '127.0.0.1' });
  const bareServer = serve({
    fetch: new Hono().get('/ping', (c) => c.json({ ok: true })).fetch,
    port: barePort,
    hostname: '127.0.0.1',
  });

  const statements = statementCounter([deps.db.sql]);
  statements.start();
  const inbox = await callJson(apiPort, 'GET', '/api/v1/messaging/threads?limit=50', {
    tenant: slug,
    token: ivyToken,
  });
  const [inboxSql] = statements.stop();
  statements.start();
  const page = await callJson(apiPort, 'GET', `/api/v1/messaging/threads/${long}/messages?limit=50`, {
    tenant: slug,
    token: ivyToken,
  });
  const [pageSql] = statements.stop();
  if (inbox.status !== 200 || page.status !== 200) throw new Error(`probes: ${inbox.status} ${page.status}`);
  const unreadSum = (inbox.body.data as { unread: number }[]).reduce((a, b) => a + b.unread, 0);
  const inboxMessages = (
    await owner<{ n: number }[]>`select count(*)::int as n from messages m
    join message_participants p on p.thread_id = m.thread_id and p.user_id = ${instructor.userId}`
  )[0]!.n;

  await loop('warm-up', CLIENTS, () => send(agent, apiPort, 'GET', '/api/v1/auth/me', ownerAuth));
  const results = [
    await loop('baseline: bare Hono GET /ping', CLIENTS, () => send(agent, barePort, 'GET', '/ping')),
    await loop('baseline: GET /api/v1/auth/me (1 client)', 1, () =>
      send(agent, apiPort, 'GET', '/api/v1/auth/me', ivyAuth),
    ),
    await loop(`baseline: GET /api/v1/auth/me (${CLIENTS} clients)`, CLIENTS, () =>
      send(agent, apiPort, 'GET', '/api/v1/auth/me', ivyAuth),
    ),
    await loop(
      `GET /messaging/threads (inbox: ${inboxMessages} messages, 1 client)`,
      1,
      () => send(agent, apiPort, 'GET', '/api/v1/messaging/threads?limit=50', ivyAuth),
      'p95 ≤ 30 ms',
      (c) => c.p95 <= 30,
    ),
    await loop(
      `GET /messaging/threads (inbox: ${inboxMessages} messages, ${CLIENTS} clients)`,
      CLIENTS,
      () => send(agent, apiPort, 'GET', '/api/v1/messaging/threads?limit=50', ivyAuth),
      'p95 ≤ 30 ms',
      (c) => c.p95 <= 30,
    ),
    await loop(
      `GET /threads/{id}/messages (${MESSAGES} in thread, 1 client)`,
      1,
      () => send(agent, apiPort, 'GET', `/api/v1/messaging/threads/${long}/messages?limit=50`, ivyAuth),
      'p95 ≤ 30 ms',
      (c) => c.p95 <= 30,
    ),
    await loop(
      `GET /threads/{id}/messages (${MESSAGES} in thread, ${CLIENTS} clients)`,
      CLIENTS,
      () => send(agent, apiPort, 'GET', `/api/v1/messaging/threads/${long}/messages?limit=50`, ivyAuth),
      'p95 ≤ 30 ms',
      (c) => c.p95 <= 30,
    ),
    await loop(`GET /messaging/unread (${CLIENTS} clients)`, CLIENTS, () =>
      send(agent, apiPort, 'GET', '/api/v1/messaging/unread', ivyAuth),
    ),
  ];

  console.log(
    `\nbench (messaging): closed loop, ${DURATION_MS} ms per case, load generator in-process; ` +
      `inbox: ${inbox.body.data.length} conversations, ${inboxMessages} messages, ${unreadSum} unread\n`,
  );
  console.log(
    `${'case'.padEnd(58)} ${'n'.padStart(6)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  ${'target'.padEnd(13)} result  errors`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(58)} ${String(r.n).padStart(6)} ${String(r.perSecond).padStart(7)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}  ${r.target.padEnd(13)} ${r.verdict.padEnd(7)} ${r.errors}`,
    );
  }
  console.log(
    `\n  · one inbox read = ${inboxSql!.length} statements on the app pool, begin and commit included` +
      `\n  · one page of messages = ${pageSql!.length} statements on the app pool`,
  );
  if (process.env.BENCH_SHOW_SQL === '1')
    for (const q of [...inboxSql!, '—', ...pageSql!]) console.log(`    ${q.slice(0, 160)}`);
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
