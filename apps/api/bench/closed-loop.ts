import { type Agent, request } from 'node:http';

/** One case of a closed-loop benchmark: N clients, each sending its next request when the last answers. */
export type LoopResult = {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
};

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs `once` from `clients` loops for `durationMs`; each loop gets its index (its own data). */
export async function closedLoop(
  name: string,
  opts: { clients: number; durationMs: number },
  once: (client: number) => Promise<boolean>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, client) => {
      while (performance.now() < end) {
        const t = performance.now();
        if (!(await once(client))) errors += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    perSecond: Math.round(latencies.length / (opts.durationMs / 1000)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

/** One HTTP request over a keep-alive agent; true for a 200/201 answer. */
export function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<boolean> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: payload
          ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200 || res.statusCode === 201));
      },
    );
    req.on('error', () => resolve(false));
    req.end(payload);
  });
}
