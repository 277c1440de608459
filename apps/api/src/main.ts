import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { loadEnv } from '@dualcontrol/config';
import { surviveClosedSocketWrites } from '@dualcontrol/db';
import {
  scrapeCluster,
  scrapeRegistry,
  serveMetrics,
  shareWithClusterPrimary,
  startTracing,
} from '@dualcontrol/platform';
import { serve } from '@hono/node-server';
import { createApp } from './create-app.ts';
import { buildDeps } from './deps.ts';

const env = loadEnv();
surviveClosedSocketWrites((msg) => console.error(JSON.stringify({ level: 'warn', msg })));
const workers = env.API_WORKERS ?? availableParallelism();

/**
 * N API processes share API_PORT through node:cluster, so the API uses every core. Nothing a
 * request needs lives only in one process's memory: sessions, the login throttle, the dev mailbox
 * and each school's settings are read from PostgreSQL (the custom-domain cache expires in 2 s).
 */
if (workers > 1 && cluster.isPrimary) runPrimary(workers);
else await serveApi();

function runPrimary(count: number) {
  let stopping = false;
  const started = Date.now();
  console.log(JSON.stringify({ level: 'info', msg: 'api starting workers', workers: count }));
  for (let i = 0; i < count; i += 1) cluster.fork();
  // The primary serves no API requests, only the merged metrics of the processes that do.
  if (env.METRICS_PORT) void exposeMetrics(env.METRICS_PORT, scrapeCluster());
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that dies at boot would die again: stop rather than fork in a loop.
    if (Date.now() - started < 10_000) {
      console.error(
        `api worker ${worker.process.pid} exited at start (code ${code}, signal ${signal}); stopping`,
      );
      process.exit(1);
    }
    console.error(
      `api worker ${worker.process.pid} exited (code ${code}, signal ${signal}); starting another`,
    );
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 6000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function exposeMetrics(port: number, scrape: Parameters<typeof serveMetrics>[2]) {
  return serveMetrics(port, env.LISTEN_HOST, scrape).then(
    () =>
      console.log(
        JSON.stringify({
          level: 'info',
          msg: 'metrics listening',
          url: `http://${env.LISTEN_HOST}:${port}/metrics`,
        }),
      ),
    (error: Error) => {
      console.error(`metrics port ${port}: ${error.message}`);
      process.exit(1);
    },
  );
}

async function serveApi() {
  // Before anything makes a span: with OTEL_EXPORTER_OTLP_ENDPOINT unset this does nothing.
  const tracing = await startTracing('dualcontrol-api', env);
  const deps = buildDeps(env);
  const app = createApp(deps);
  if (deps.metrics && cluster.isWorker) shareWithClusterPrimary(deps.metrics.registry);
  else if (deps.metrics && env.METRICS_PORT)
    void exposeMetrics(env.METRICS_PORT, scrapeRegistry(deps.metrics.registry));
  const server = serve({ fetch: app.fetch, port: env.API_PORT, hostname: env.LISTEN_HOST }, (info) => {
    deps.log.info('api listening', { url: `http://${env.LISTEN_HOST}:${info.port}`, pid: process.pid });
  });
  const shutdown = (signal: string) => {
    deps.log.info('api stopping', { signal });
    server.close(() => {
      void Promise.allSettled([deps.close(), tracing.shutdown()]).finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
