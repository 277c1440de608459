import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from '@dualcontrol/platform';

export type Sent = { status: number; headers: Headers; text: string };

/**
 * The real API as `npm start` runs it — `main.ts`, N processes behind one port (node:cluster) —
 * on a test database. Each call opens its own connection, so the cluster spreads calls over
 * every process.
 */
export async function startApiProcesses(env: Record<string, string>, workers: number) {
  // freePort only says a port was free a moment ago: another suite starting at the same time can
  // take it first (EADDRINUSE), so a start that dies before answering is retried on a new port.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = await startOn(port, env, workers);
    if (started) return started;
    if (attempt === 3) throw new Error(`the API processes exited before answering, on 3 ports in turn`);
  }
}

async function startOn(port: number, env: Record<string, string>, workers: number) {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, ...env, API_PORT: String(port), API_WORKERS: String(workers), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Sent> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            for (const value of [v ?? []].flat()) out.append(k, value);
          resolve({
            status: res.statusCode ?? 0,
            headers: out,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  // Ready when every process has answered (the cluster hands connections only to processes that
  // listen, so until then one process would take every call). X-Api-Pid names who answered.
  const deadline = Date.now() + 120_000;
  const answered = new Set<string>();
  while (answered.size < workers) {
    if (child.exitCode !== null) return answered.size === 0 ? undefined : failed();
    if (Date.now() > deadline) failed();
    const res = await send('GET', '/api/healthz', {}).catch(() => undefined);
    const pid = res?.status === 200 ? res.headers.get('x-api-pid') : null;
    if (pid) answered.add(pid);
    else await new Promise((r) => setTimeout(r, 100));
  }
  function failed(): never {
    child.kill('SIGTERM');
    throw new Error(
      `the API processes did not start on port ${port} (${answered.size} of ${workers} answered)`,
    );
  }
  return {
    port,
    /** The cluster's primary process. */
    pid: child.pid!,
    send,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
