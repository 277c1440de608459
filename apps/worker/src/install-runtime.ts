import type { Env } from '@dualcontrol/config';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The Temporal runtime of the worker process, installed once before any worker exists: the SDK's
 * own chatter only at warn and above, and with WORKER_METRICS_PORT its Prometheus exporter, which
 * also carries the counters we create on its meter (create-worker.ts).
 */
export function installRuntime(env: Env) {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    ...(env.WORKER_METRICS_PORT
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: `${env.LISTEN_HOST}:${env.WORKER_METRICS_PORT}`,
                countersTotalSuffix: true,
              },
            },
          },
        }
      : {}),
  });
}
