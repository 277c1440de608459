/**
 * Load generator for the scheduling bench, run as a child process (`node --import tsx load-gen.ts
 * spec.json`) so that sending and measuring do not share the server's event loop. HTTP/1.1 over a
 * keep-alive agent; Node's client never pipelines (one request in flight per socket).
 */

import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { LatencySummary, LoadRequest, LoadResult, LoadSpec } from './load-protocol.ts';

type Answer = { status: number | 'error'; end: number; bytes: number; body?: string };

function summarize(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length ? sum / sorted.length : 0,
  };
}

let answeredTotal = 0;

function send(agent: Agent, port: number, r: LoadRequest): Promise<Answer> {
  answeredTotal += 1;
  return new Promise((resolve) => {
    const headers = { ...r.headers };
    if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
    const req = request(
      { host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent },
      (res) => {
        const status = res.statusCode ?? 0;
        const keep = status < 200 || status >= 300;
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status,
            end: performance.now(),
            bytes,
            ...(keep ? { body: Buffer.concat(chunks).toString('utf8').slice(0, 400) } : {}),
          }),
        );
        res.on('error', (e) => resolve({ status: 'error', end: performance.now(), bytes, body: String(e) }));
      },
    );
    req.on('error', (e) => resolve({ status: 'error', end: performance.now(), bytes: 0, body: String(e) }));
    req.end(r.body);
  });
}

class Tally {
  latencies: number[] = [];
  statuses: Record<string, number> = {};
  samples: string[] = [];
  bytes = 0;
  add(a: Answer, latency: number) {
    this.latencies.push(latency);
    this.statuses[String(a.status)] = (this.statuses[String(a.status)] ?? 0) + 1;
    this.bytes += a.bytes;
    // A couple of bodies per status that is not 2xx, to explain it.
    const key = `${a.status}: `;
    if (a.body !== undefined && this.samples.filter((x) => x.startsWith(key)).length < 2)
      this.samples.push(`${key}${a.body}`);
  }
  result(elapsedMs: number, extra: Partial<LoadResult> = {}): LoadResult {
    return {
      latency: summarize(this.latencies),
      statuses: this.statuses,
      elapsedMs,
      perSecond: elapsedMs > 0 ? (this.latencies.length * 1000) / elapsedMs : 0,
      samples: this.samples,
      responseBytes: this.bytes,
      ...extra,
    };
  }
}

async function openLoop(spec: Extract<LoadSpec, { mode: 'rate' }>): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.maxSockets });
  const interval = 1000 / spec.rate;
  const total = Math.round((spec.rate * (spec.warmupMs + spec.durationMs)) / 1000);
  if (!spec.cycle && spec.requests.length < total)
    throw new Error(`rate: ${total} requests due, ${spec.requests.length} given`);
  const tally = new Tally();
  const t0 = performance.now() + 20;
  const measuredFrom = t0 + spec.warmupMs;
  let lastEnd = measuredFrom;
  let maxLag = 0;
  const pending: Promise<void>[] = [];
  await new Promise<void>((done) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        const due = t0 + i * interval;
        const r = spec.requests[i % spec.requests.length]!;
        const sentAt = performance.now();
        if (due >= measuredFrom) maxLag = Math.max(maxLag, sentAt - due);
        pending.push(
          send(agent, spec.port, r).then((a) => {
            if (due < measuredFrom) return;
            tally.add(a, a.end - due);
            lastEnd = Math.max(lastEnd, a.end);
          }),
        );
        i += 1;
      }
      if (i < total) setTimeout(tick, Math.max(0, t0 + i * interval - performance.now()));
      else done();
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  await Promise.all(pending);
  agent.destroy();
  // Throughput over the schedule window, or longer if the answers trailed behind it.
  const elapsed = Math.max(spec.durationMs, lastEnd - measuredFrom);
  return tally.result(elapsed, { maxSendLagMs: maxLag });
}

async function closedLoop(spec: Extract<LoadSpec, { mode: 'closed' }>): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const tally = new Tally();
  const limit = spec.cycle ? (spec.count ?? Number.POSITIVE_INFINITY) : spec.requests.length;
  let next = 0;
  let answered = 0;
  const start = performance.now();
  let measuredStart = spec.warmupCount > 0 ? 0 : start;
  let lastEnd = 0;
  const deadline = start + spec.durationMs;
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (next < limit && performance.now() < deadline) {
        const r = spec.requests[next % spec.requests.length]!;
        next += 1;
        const t = performance.now();
        const a = await send(agent, spec.port, r);
        answered += 1;
        if (answered === spec.warmupCount) measuredStart = a.end;
        // Measured: requests sent after the warm-up's last answer (none are skipped without one).
        if (spec.warmupCount > 0 && (!measuredStart || t < measuredStart)) continue;
        tally.add(a, a.end - t);
        lastEnd = Math.max(lastEnd, a.end);
      }
    }),
  );
  agent.destroy();
  return tally.result(lastEnd - measuredStart);
}

/** A small deterministic PRNG (mulberry32): the same shuffles on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function rounds(spec: Extract<LoadSpec, { mode: 'rounds' }>): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.tokens.length });
  const rand = random(spec.seed);
  const tally = new Tally();
  const perRound: NonNullable<LoadResult['rounds']> = [];
  const start = performance.now();
  for (const body of spec.bodies) {
    const order = [...spec.tokens];
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const payload = JSON.stringify(body);
    const t = performance.now();
    const answers = await Promise.all(
      order.map((token) =>
        send(agent, spec.port, {
          method: 'POST',
          path: spec.path,
          headers: {
            'x-tenant': spec.tenant,
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: payload,
        }),
      ),
    );
    const round = { created: 0, conflicts: 0, serverErrors: 0, other: 0 };
    for (const a of answers) {
      tally.add(a, a.end - t);
      if (a.status === 201) round.created += 1;
      else if (a.status === 409) round.conflicts += 1;
      else if (typeof a.status === 'number' && a.status >= 500) round.serverErrors += 1;
      else round.other += 1;
    }
    perRound.push(round);
  }
  agent.destroy();
  return tally.result(performance.now() - start, { rounds: perRound });
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
process.stdout.write('start\n');
const cpuAtStart = process.cpuUsage();
const result =
  spec.mode === 'rate'
    ? await openLoop(spec)
    : spec.mode === 'closed'
      ? await closedLoop(spec)
      : await rounds(spec);
const { user, system } = process.cpuUsage(cpuAtStart);
process.stdout.write(`${JSON.stringify({ ...result, cpuMs: (user + system) / 1000, answeredTotal })}\n`);
