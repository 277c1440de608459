import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

export const apiMain = fileURLToPath(new URL('../../apps/api/src/main.ts', import.meta.url));
export const workerMain = fileURLToPath(new URL('../../apps/worker/src/main.ts', import.meta.url));

export type Started = {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its JSON log lines so far (other output skipped). */
  logLines(): Record<string, unknown>[];
  stop(): Promise<void>;
};

/** One of our entry points as `npm start` runs it (node --import tsx), started once `ready` holds. */
export async function startProcess(
  entry: string,
  env: Record<string, string | undefined>,
  ready: (output: string) => boolean | Promise<boolean>,
  timeoutMs = 90_000,
): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!(await ready(out))) {
    if (child.exitCode !== null) throw new Error(`${entry} exited at start:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start in ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    output: () => out,
    logLines: () =>
      out.split('\n').flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Ready when GET /api/healthz answers 200. */
export const apiAnswers = (port: number) => async () => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/healthz`)).status === 200;
  } catch {
    return false;
  }
};

export const portalMain = fileURLToPath(new URL('../../apps/portal/server/main.ts', import.meta.url));

export type FormAnswer = { status: number; location: string | undefined; cookies: string[]; text: string };

/**
 * A browser-like form post to the portal at `<school>.localhost` (Node's fetch cannot send another
 * Host, http.request can): url-encoded fields, the session cookie if any, no JavaScript.
 */
export function postForm(
  port: number,
  school: string,
  path: string,
  fields: Record<string, string>,
  cookie?: string,
): Promise<FormAnswer> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          host: `${school}.localhost:${port}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!),
            text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
