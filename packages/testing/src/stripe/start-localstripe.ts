import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '@dualcontrol/platform';

const repoRoot = new URL('../../../../', import.meta.url).pathname;
const serveScript = new URL('./serve-localstripe.py', import.meta.url).pathname;

export type Localstripe = { host: string; port: number; stop(): Promise<void> };

/** Any `sk_test_…` key is accepted by the stand-in; this one is what tests configure schools with. */
export const LOCALSTRIPE_SECRET_KEY = 'sk_test_dualcontrol_localstripe';

async function answers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/customers?limit=1`, {
      headers: { authorization: `Bearer ${LOCALSTRIPE_SECRET_KEY}` },
      signal: AbortSignal.timeout(500),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts localstripe (installed by scripts/bootstrap.mjs into .tools/localstripe) on a free
 * loopback port and waits until it answers an authenticated request.
 */
export async function startLocalstripe(): Promise<Localstripe> {
  const target = `${repoRoot}.tools/localstripe`;
  if (!existsSync(`${target}/localstripe`))
    throw new Error(`localstripe is not installed in ${target}: run \`node scripts/bootstrap.mjs test\``);
  const port = await freePort();
  const child: ChildProcess = spawn('python3', [serveScript, String(port)], {
    env: { ...process.env, PYTHONPATH: target, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 20_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null) throw new Error(`localstripe exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`localstripe did not answer on 127.0.0.1:${port} within 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: '127.0.0.1',
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
