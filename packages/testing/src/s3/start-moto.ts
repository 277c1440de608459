import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { freePort } from '@dualcontrol/platform';

const repoRoot = new URL('../../../../', import.meta.url).pathname;

/** A real S3-compatible server on loopback, and what our env needs to reach it. */
export type Moto = {
  endpoint: string;
  /** Credentials moto accepts (any pair; these are what tests configure). */
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Creates a fresh, uniquely named bucket and returns its name. */
  createBucket(prefix?: string): Promise<string>;
  /** The env variables that put the app's storage on this server, in `bucket`. */
  env(bucket: string): Record<string, string>;
  stop(): Promise<void>;
};

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(500) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts moto in server mode (PyPI `moto[server]`, installed by scripts/bootstrap.mjs into
 * .tools/moto) on a free 127.0.0.1 port and waits until it answers. moto speaks the S3 REST API
 * (signatures, path-style buckets, ranges), so the S3 driver runs exactly as against a real one.
 */
export async function startMoto(): Promise<Moto> {
  const target = `${repoRoot}.tools/moto`;
  if (!existsSync(`${target}/moto`))
    throw new Error(`moto is not installed in ${target}: run \`node scripts/bootstrap.mjs test\``);
  // freePort only says a port was free a moment ago: a start that dies first is retried elsewhere.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = await startOn(target, port);
    if (started) return started;
    if (attempt === 3) throw new Error('moto exited before answering, on 3 ports in turn');
  }
}

async function startOn(target: string, port: number): Promise<Moto | undefined> {
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PYTHONPATH: target, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null) return undefined;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not answer on ${endpoint} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const moto: Moto = {
    endpoint,
    accessKeyId: 'dualcontrol-test',
    secretAccessKey: 'dualcontrol-test-secret',
    region: 'us-east-1',
    async createBucket(prefix = 'dc') {
      const name = `${prefix}-${randomUUID()}`.toLowerCase().slice(0, 63);
      const res = await fetch(`${endpoint}/${name}`, { method: 'PUT' });
      if (!res.ok) throw new Error(`moto: creating bucket ${name} failed: ${res.status} ${await res.text()}`);
      return name;
    },
    env: (bucket) => ({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: moto.region,
      S3_ACCESS_KEY_ID: moto.accessKeyId,
      S3_SECRET_ACCESS_KEY: moto.secretAccessKey,
    }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  return moto;
}
