/** Helpers for scheduling-bench.ts: the load-generator child, a JSON client, counting SQL, a table. */

import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import type { LatencySummary, LoadResult, LoadSpec } from './load-protocol.ts';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));
const LOAD_GEN = fileURLToPath(new URL('./load-gen.ts', import.meta.url));

let specCount = 0;

/** Where the API under load runs: in this process, or in the processes of a cluster (main.ts). */
let apiCluster: number | undefined;
export function measureApiCluster(primaryPid: number | undefined): void {
  apiCluster = primaryPid;
}

/**
 * CPU seconds so far: the API (this process, or the cluster's primary and its workers) and every
 * `postgres` process (Linux /proc).
 */
export async function cpuSnapshot() {
  const { user, system } = process.cpuUsage();
  let ticks = 0;
  let apiTicks = 0;
  try {
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
      if (apiCluster && (Number(pid) === apiCluster || Number(fields[1]) === apiCluster)) apiTicks += used;
      if (!stat.slice(0, close).includes('(postgres')) continue;
      ticks += used;
    }
  } catch {
    // No /proc: postgres CPU is reported as 0.
  }
  return {
    at: performance.now(),
    apiMs: apiCluster ? apiTicks * 10 : (user + system) / 1000,
    postgresMs: ticks * 10,
    loop: performance.eventLoopUtilization(),
  };
}

export type CpuShare = {
  /** Share of the time the API's event loop was busy (1 = saturated). */
  apiLoopBusy: number;
  apiPct: number;
  postgresPct: number;
  loadGenPct: number;
  /** CPU per request (warm-up included), in ms: the API process and PostgreSQL. */
  apiMsPerRequest: number;
  postgresMsPerRequest: number;
};

/**
 * Runs one load spec in a separate Node process; returns its measurements and the CPU each side
 * used while the load ran (from the child's "start" line to its exit), in % of one core.
 */
export async function runLoad(workDir: string, spec: LoadSpec): Promise<LoadResult & { cpu: CpuShare }> {
  specCount += 1;
  const file = join(workDir, `load-spec-${specCount}.json`);
  await writeFile(file, JSON.stringify(spec));
  let before: Promise<Awaited<ReturnType<typeof cpuSnapshot>>> | undefined;
  const result = await new Promise<LoadResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOAD_GEN, file], {
      cwd: API_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!before && out.startsWith('start\n')) before = cpuSnapshot();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || !last || last === 'start')
        return reject(new Error(`load generator exited with ${code}: ${out}`));
      resolve(JSON.parse(last) as LoadResult);
    });
  });
  const after = await cpuSnapshot();
  const start = (await before) ?? after;
  const wall = Math.max(after.at - start.at, 1);
  return {
    ...result,
    cpu: {
      // A cluster's event loops are in other processes: not measured from here.
      apiLoopBusy: apiCluster
        ? Number.NaN
        : performance.eventLoopUtilization(after.loop, start.loop).utilization,
      apiPct: (100 * (after.apiMs - start.apiMs)) / wall,
      postgresPct: (100 * (after.postgresMs - start.postgresMs)) / wall,
      loadGenPct: (100 * (result.cpuMs ?? 0)) / wall,
      apiMsPerRequest: (after.apiMs - start.apiMs) / Math.max(result.answeredTotal ?? 1, 1),
      postgresMsPerRequest: (after.postgresMs - start.postgresMs) / Math.max(result.answeredTotal ?? 1, 1),
    },
  };
}

export function summarize(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return {
    n: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0,
  };
}

const setupAgent = new Agent({ keepAlive: true, maxSockets: 8 });

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON answers, read loosely by the bench
export type Json = { status: number; body: any };

/** A JSON call to the API over HTTP (setup and one-off probes; the measured load runs in the child). */
export function call(
  port: number,
  method: string,
  path: string,
  opts: { tenant?: string; token?: string; body?: unknown } = {},
): Promise<Json> {
  const headers: Record<string, string> = {};
  if (opts.tenant) headers['x-tenant'] = opts.tenant;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: setupAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json = (res.headers['content-type'] ?? '').includes('json');
        resolve({ status: res.statusCode ?? 0, body: json && text ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function closeSetupAgent(): void {
  setupAgent.destroy();
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next;
        next += 1;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * Counts the statements postgres.js sends on the given pools, through its `debug` hook. The hook
 * is read from the pool's options on every query, so it can be switched on and off at run time.
 */
export function statementCounter(pools: postgres.Sql[]) {
  const seen: string[][] = pools.map(() => []);
  return {
    start() {
      pools.forEach((pool, i) => {
        seen[i]!.length = 0;
        pool.options.debug = (_connection, query) => {
          seen[i]!.push(query.replace(/\s+/g, ' ').trim());
        };
      });
    },
    stop(): string[][] {
      for (const pool of pools) pool.options.debug = false;
      return seen.map((s) => [...s]);
    },
  };
}

export const ms = (n: number) => n.toFixed(1);

export type Row = {
  name: string;
  n: number | string;
  rate: string;
  p50: string;
  p95: string;
  p99: string;
  target: string;
  verdict: string;
};

export function printTable(title: string, rows: Row[]): void {
  const w = Math.max(48, ...rows.map((r) => r.name.length));
  const line = (r: Row) =>
    `${r.name.padEnd(w)} ${String(r.n).padStart(6)} ${r.rate.padStart(8)} ${r.p50.padStart(8)} ${r.p95.padStart(8)} ${r.p99.padStart(8)}  ${r.target.padEnd(24)} ${r.verdict}`;
  console.log(`\n${title}`);
  console.log(
    line({
      name: 'case',
      n: 'n',
      rate: 'per s',
      p50: 'p50 ms',
      p95: 'p95 ms',
      p99: 'p99 ms',
      target: 'target',
      verdict: 'result',
    }),
  );
  for (const r of rows) console.log(line(r));
}

/** Where the CPU went while a load ran (2 cores = 200 %). */
export function cpuNote(label: string, cpu: CpuShare): string {
  return (
    `${label}: ${Number.isNaN(cpu.apiLoopBusy) ? '' : `api event loop busy ${(100 * cpu.apiLoopBusy).toFixed(0)} %; `}CPU api ${apiCluster ? 'processes' : 'process'} ${cpu.apiPct.toFixed(0)} %, postgres ${cpu.postgresPct.toFixed(0)} %, ` +
    `load generator ${cpu.loadGenPct.toFixed(0)} % of a core; per request ${cpu.apiMsPerRequest.toFixed(2)} ms api + ` +
    `${cpu.postgresMsPerRequest.toFixed(2)} ms postgres`
  );
}
