/**
 * `npm run bench` (payments): paying lessons from credit, recording payments that each issue a
 * gapless invoice number, and reading a long credit ledger — through the real API on an embedded
 * PostgreSQL, beside a bare Hono baseline and GET /auth/me (tenant + session, the floor of any
 * school request) measured in the same run. Load and server share this process: read the ratios.
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
import { closedLoop, send } from './closed-loop.ts';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? (process.env.BENCH_QUICK === '1' ? 1500 : 4000));
const CLIENTS = 16;
// Enough lessons to pay for the whole run (BENCH_QUICK runs briefly and needs fewer).
const LESSONS_PER_CLIENT = process.env.BENCH_QUICK === '1' ? 600 : 1500;
/** Packages a student has bought; each pays for many lessons (a heavy but realistic ledger). */
const LOTS_PER_STUDENT = 20;

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
const load = (name: string, once: (client: number) => Promise<boolean>) =>
  closedLoop(name, { clients: CLIENTS, durationMs: DURATION_MS }, once);
const call = (port: number, method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  send(agent, port, method, path, headers, body);

console.log('bench (payments): starting embedded PostgreSQL…');
let failed = false;
const bench = await startBenchDatabase({ prefix: 'dualcontrol-pay-bench-' });
try {
  const { env } = bench;
  const deps = buildDeps(env);
  const tenant = await createTenant(deps.platformDb, createProductRegistry(), systemActor, {
    slug: 'paybench',
    name: 'Pay Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: 'owner@paybench.test', name: 'Owner', password: 'bench-owner-password' },
  });
  const resolved = { ...tenant, modules: tenant.modules as string[], policies: {}, moduleSettings: {} };
  const students: string[] = [];
  const instructors: string[] = [];
  for (let i = 0; i < CLIENTS; i += 1) {
    students.push(
      (
        await createPerson(deps.db, resolved, systemActor, {
          kind: 'student',
          name: `S${i}`,
          email: `s${i}@paybench.test`,
        })
      ).id,
    );
    instructors.push(
      (
        await createPerson(deps.db, resolved, systemActor, {
          kind: 'instructor',
          name: `I${i}`,
          email: `i${i}@paybench.test`,
        })
      ).id,
    );
  }
  const { token } = await loginUser(deps, resolved, {
    email: 'owner@paybench.test',
    password: 'bench-owner-password',
    ip: '127.0.0.1',
  });
  const auth = { 'x-tenant': 'paybench', authorization: `Bearer ${token}` };

  // Lessons to pay (client i: its own student and instructor, hourly, far ahead) and credit for
  // all of them in LOTS_PER_STUDENT lots per student, so payments draw from real lots.
  console.log(`bench (payments): ${CLIENTS * LESSONS_PER_CLIENT} lessons and their credit…`);
  const owner = postgres(bench.ownerUrl, { max: 2, onnotice: () => {} });
  const lessons = await owner<{ id: string; client: number }[]>`
    insert into bookings (tenant_id, instructor_id, student_id, starts_at, ends_at, status, price_minor, currency)
    select ${tenant.id}, (${instructors}::uuid[])[c + 1], (${students}::uuid[])[c + 1],
           date_trunc('hour', now()) + interval '30 days' + n * interval '1 hour',
           date_trunc('hour', now()) + interval '30 days' + n * interval '1 hour' + interval '50 minutes',
           'confirmed', 4500, 'GBP'
    from generate_series(0, ${CLIENTS - 1}) c, generate_series(1, ${LESSONS_PER_CLIENT}) n
    returning id, (array_position(${students}::uuid[], student_id) - 1) as client`;
  await owner`
    insert into credit_ledger (tenant_id, student_id, kind, amount_minor, currency, reason)
    select ${tenant.id}, s, 'adjustment', ${(4500 * LESSONS_PER_CLIENT) / LOTS_PER_STUDENT}, 'GBP', 'bench credit'
    from unnest(${students}::uuid[]) s, generate_series(1, ${LOTS_PER_STUDENT})`;
  const queues = students.map((_, i) => lessons.filter((l) => l.client === i).map((l) => l.id));

  const apiPort = await freePort();
  const barePort = await freePort();
  const apiServer = serve({ fetch: createApp(deps).fetch, port: apiPort, hostname: '127.0.0.1' });
  const bareServer = serve({
    fetch: new Hono().get('/ping', (c) => c.json({ ok: true })).fetch,
    port: barePort,
    hostname: '127.0.0.1',
  });

  await load('warm-up', () => call(apiPort, 'GET', '/api/v1/auth/me', auth));
  let manual = 0;
  const results = [
    await load('baseline: bare Hono GET /ping', () => call(barePort, 'GET', '/ping', {})),
    await load('baseline: GET /api/v1/auth/me', () => call(apiPort, 'GET', '/api/v1/auth/me', auth)),
    await load('POST /bookings/{id}/pay (credit)', (client) => {
      const id = queues[client]!.shift();
      if (!id) return Promise.resolve(false);
      return call(apiPort, 'POST', `/api/v1/bookings/${id}/pay`, auth, { method: 'credit' });
    }),
    await load('POST /payments (cash, issues an invoice)', (client) => {
      manual += 1;
      return call(apiPort, 'POST', '/api/v1/payments', auth, {
        studentId: students[client],
        method: 'cash',
        purpose: 'other',
        amountMinor: 1000 + (manual % 100),
        description: 'Highway code book',
      });
    }),
    await load('GET /students/{id}/credit (balance + ledger)', (client) =>
      call(apiPort, 'GET', `/api/v1/students/${students[client]}/credit`, auth),
    ),
  ];

  const [numbers] = await owner<{ n: number; max: number; distinct: number }[]>`
    select count(*)::int as n, max(number) as max, count(distinct number)::int as distinct
    from invoices where tenant_id = ${tenant.id}`;
  const gapless = numbers!.n === numbers!.max && numbers!.n === numbers!.distinct;
  const [negative] = await owner<{ n: number }[]>`
    select count(*)::int as n from (select student_id from credit_ledger group by student_id having sum(amount_minor) < 0) x`;

  const bare = results[0]!.perSecond;
  const me = results[1]!.perSecond;
  console.log(
    `\nbench (payments): ${CLIENTS} concurrent clients, ${DURATION_MS} ms each, load generator in-process\n`,
  );
  console.log(
    `${'case'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs Hono'.padStart(8)} ${'vs /me'.padStart(7)} errors`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(44)} ${String(r.perSecond).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${(r.perSecond / bare).toFixed(3).padStart(8)} ${(r.perSecond / me).toFixed(2).padStart(7)} ${r.errors}`,
    );
  }
  console.log(
    `\ninvoices issued: ${numbers!.n}, numbered 1..${numbers!.max} — ${gapless ? 'gapless and unique (PASS)' : 'GAP OR DUPLICATE (FAIL)'}`,
  );
  console.log(
    `students with a negative credit balance: ${negative!.n} (${negative!.n === 0 ? 'PASS' : 'FAIL'})`,
  );
  apiServer.close();
  bareServer.close();
  agent.destroy();
  await owner.end();
  await deps.close();
  failed = results.some((r) => r.errors > 0) || !gapless || negative!.n !== 0;
} finally {
  await bench.stop();
}
process.exit(failed ? 1 : 0);
