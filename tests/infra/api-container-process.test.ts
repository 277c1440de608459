/**
 * No Docker engine here, so the api image's command runs as a plain process instead, with the
 * environment the image and the chart give it (NODE_ENV=production, API_WORKERS=1, LISTEN_HOST):
 * it listens on the address it is told (127.0.0.2 stands in for the container's 0.0.0.0 and stays
 * on loopback), answers the liveness probe, fails the readiness probe with a problem while
 * Temporal is away (so Kubernetes takes the pod out of its Service), and stops cleanly on SIGTERM,
 * which is how an orchestrator stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRepoFile, repoRoot } from './infra-tools.ts';

const HOST = '127.0.0.2';
let database: TestDatabase;
let api: ChildProcess;
let port: number;
let output = '';

/** A port free on HOST, and another that nothing listens on (a Temporal that is not there). */
const freePortOn = (host: string) =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

async function waitForHealthz(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || api.exitCode !== null) throw new Error(`api did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  port = await freePortOn(HOST);
  const nobodyHome = await freePortOn('127.0.0.1');
  // The image's CMD, read from the Dockerfile so the test runs what the image runs.
  const cmd = /FROM runtime AS api[\s\S]*?\nCMD (\[.*\])/.exec(readRepoFile('infra/docker/Dockerfile'))![1]!;
  const [node, ...args] = JSON.parse(cmd) as string[];
  expect(node).toBe('node');
  api = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LISTEN_HOST: HOST,
      API_PORT: String(port),
      API_WORKERS: '1',
      DEMO_TENANTS: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.ownerUrl,
      DATABASE_APP_URL: database.appUrl,
      DATABASE_PLATFORM_URL: database.platformUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${nobodyHome}`,
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
      PORTAL_SESSION_SECRET: 'container-process-session-secret-0123456789',
    },
  });
  api.stdout!.on('data', (d) => {
    output += d;
  });
  api.stderr!.on('data', (d) => {
    output += d;
  });
  await waitForHealthz(`http://${HOST}:${port}/api/healthz`, Date.now() + 90_000);
}, 120_000);

afterAll(async () => {
  if (api && api.exitCode === null) api.kill('SIGKILL');
  await database?.drop();
});

describe('the api image command, run as a process', { timeout: 60_000 }, () => {
  it('listens on LISTEN_HOST only, and answers the liveness probe there', async () => {
    const res = await fetch(`http://${HOST}:${port}/api/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    await expect(fetch(`http://127.0.0.1:${port}/api/healthz`)).rejects.toThrow();
  });

  it('fails readiness with a problem naming Temporal while Temporal does not answer', async () => {
    const res = await fetch(`http://${HOST}:${port}/api/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toContain('Temporal');
    expect(problem.detail).not.toContain('PostgreSQL');
  });

  it('stops with exit code 0 on SIGTERM, well inside the grace period of a pod', async () => {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => api.once('exit', (code) => resolve(code)));
    api.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
