import { loadEnv } from '@dualcontrol/config';
import { surviveClosedSocketWrites } from '@dualcontrol/db';
import { startTracing } from '@dualcontrol/platform';
import { productModules } from '@dualcontrol/product';
import { createDualcontrolWorker } from './create-worker.ts';
import { installRuntime } from './install-runtime.ts';

const env = loadEnv();
surviveClosedSocketWrites((msg) => console.error(JSON.stringify({ level: 'warn', msg })));
installRuntime(env);
// OTEL_EXPORTER_OTLP_ENDPOINT unset: nothing is started and nothing is traced.
const tracing = await startTracing('dualcontrol-worker', env);
const worker = await createDualcontrolWorker(env, productModules, { tracing });
await worker.start();
worker.log.info('worker running', { taskQueue: env.TEMPORAL_TASK_QUEUE, address: env.TEMPORAL_ADDRESS });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return; // Ctrl-C reaches us from the terminal and from the launcher: act once
  stopping = true;
  worker.log.info('worker stopping', { signal });
  await worker.stop();
  await tracing.shutdown().catch(() => {}); // what is still buffered goes out first
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
