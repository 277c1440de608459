import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';

export type TemporalDevServer = { address: string; uiPort: number; stop(): Promise<void> };

export type DevServerOptions = {
  cli: string;
  port: number;
  uiPort: number;
  /** SQLite file for persistence; omitted: in memory. */
  dbFile?: string;
  namespace?: string;
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
};

/** Answers whether a Temporal frontend at `address` serves requests. */
export async function temporalReachable(address: string, timeoutMs = 1000): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => {});
  }
}

/** `temporal server start-dev` on loopback, resolved once its frontend answers. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<TemporalDevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'error',
  ];
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  const child: ChildProcess = spawn(options.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Its last words, for the error when it exits before answering (nobody may be reading onLog).
  const lastLines: string[] = [];
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      options.onLog?.(line);
      lastLines.push(line);
      if (lastLines.length > 10) lastLines.shift();
    }
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });

  const address = `127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await temporalReachable(address, 500))) {
    if (exited !== null)
      throw new Error(
        `temporal server start-dev exited with code ${exited}${lastLines.length ? `:\n${lastLines.join('\n')}` : ''}`,
      );
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Temporal dev server did not answer on ${address} in time`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    address,
    uiPort: options.uiPort,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
