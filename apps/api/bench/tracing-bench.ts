/**
 * `npx tsx bench/tracing-bench.ts` (from apps/api): what OpenTelemetry tracing costs the API. The
 * same API process (main.ts, one process) on an embedded PostgreSQL, once with
 * OTEL_EXPORTER_OTLP_ENDPOINT unset and once exporting every span to a local OTLP/HTTP receiver,
 * measured in alternation (off, on, off, on) so the machine's load drifts over both alike.
 * Read the ratio, not the absolutes: load and servers share this machine.
 */
import { Agent } from 'node:http';
import { systemActor } from '@dualcontrol/db';
import { createPerson, createTenant, loginUser } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { startOtlpReceiver } from '@dualcontrol/testing';
import { buildDeps } from '../src/deps.ts';
import { startApiProcesses } from '../src/testing/api-processes.ts';
import { startBenchDatabase } from './bench-database.ts';
import { closedLoop, type LoopResult, send } from './closed-loop.ts';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 4000);
const CONCURRENCY = 8;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

console.log('bench: starting embedded PostgreSQL…');
const bench = await startBenchDatabase({ prefix: 'dualcontrol-tracing-bench-' });
const receiver = await startOtlpReceiver();
let failed = false;
try {
  const { env } = bench;
  const deps = buildDeps(env);
  const tenant = await createTenant(deps.platformDb, createProductRegistry(), systemActor, {
    slug: 'benchschool',
    name: 'Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: 'owner@bench.test', name: 'Owner', password: 'bench-owner-password' },
  });
  const resolved = { ...tenant, modules: tenant.modules as string[], policies: {}, moduleSettings: {} };
  for (let i = 0; i < 50; i += 1)
    await createPerson(deps.db, resolved, systemActor, {
      kind: 'student',
      name: `Student ${i}`,
      email: `s${i}@bench.test`,
    });
  const { token } = await loginUser(deps, resolved, {
    email: 'owner@bench.test',
    password: 'bench-owner-password',
    ip: '127.0.0.1',
  });
  const auth = { 'x-tenant': 'benchschool', authorization: `Bearer ${token}` };
  const base = {
    DATABASE_URL: env.DATABASE_URL!,
    DATABASE_APP_URL: env.DATABASE_APP_URL!,
    DATABASE_PLATFORM_URL: env.DATABASE_PLATFORM_URL!,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS!,
    RATE_LIMIT_SCALE: String(env.RATE_LIMIT_SCALE),
  };
  const off = await startApiProcesses(base, 1);
  const on = await startApiProcesses({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, 1);
  const cases = [
    { label: 'GET /api/v1/auth/me', path: '/api/v1/auth/me' },
    { label: 'GET /api/v1/students?limit=50', path: '/api/v1/students?limit=50' },
  ];
  const run = (port: number, name: string, path: string) =>
    closedLoop(name, { clients: CONCURRENCY, durationMs: DURATION_MS }, () =>
      send(agent, port, 'GET', path, auth),
    );
  for (const api of [off, on]) await run(api.port, 'warm-up', '/api/v1/auth/me');
  const rows: { label: string; off: LoopResult[]; on: LoopResult[] }[] = [];
  for (const c of cases) {
    const row = { label: c.label, off: [] as LoopResult[], on: [] as LoopResult[] };
    for (let round = 0; round < 2; round += 1) {
      row.off.push(await run(off.port, `${c.label} off`, c.path));
      row.on.push(await run(on.port, `${c.label} on`, c.path));
    }
    rows.push(row);
  }
  const mean = (rs: LoopResult[], k: 'perSecond' | 'p50' | 'p99') =>
    rs.reduce((s, r) => s + r[k], 0) / rs.length;
  console.log(
    `\ntracing bench: ${CONCURRENCY} clients, ${DURATION_MS} ms per run, 2 runs each, one API process`,
  );
  console.log(
    `${'case'.padEnd(34)} ${'off req/s'.padStart(10)} ${'on req/s'.padStart(10)} ${'on/off'.padStart(7)} ${'p50 off'.padStart(8)} ${'p50 on'.padStart(8)}`,
  );
  for (const r of rows) {
    const offRate = mean(r.off, 'perSecond');
    const onRate = mean(r.on, 'perSecond');
    console.log(
      `${r.label.padEnd(34)} ${offRate.toFixed(0).padStart(10)} ${onRate.toFixed(0).padStart(10)} ${(onRate / offRate).toFixed(2).padStart(7)} ${mean(r.off, 'p50').toFixed(2).padStart(8)} ${mean(r.on, 'p50').toFixed(2).padStart(8)}`,
    );
  }
  console.log(`spans received while tracing: ${receiver.spans.length}`);
  failed = rows.some((r) => [...r.off, ...r.on].some((x) => x.errors > 0)) || receiver.spans.length === 0;
  await off.stop();
  await on.stop();
  agent.destroy();
  await deps.close();
} finally {
  await receiver.close();
  await bench.stop();
}
process.exit(failed ? 1 : 0);
