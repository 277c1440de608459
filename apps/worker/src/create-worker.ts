import type { Env } from '@dualcontrol/config';
import { connectDatabase, parseKeyring, roleUrls } from '@dualcontrol/db';
import { createChannelDispatcher, createChannelSenders } from '@dualcontrol/messaging';
import {
  createLogger,
  createOutboxDispatcher,
  type ModuleManifest,
  type Tracing,
  type WorkerDeps,
} from '@dualcontrol/platform';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createAllActivities } from './activities.ts';
import { collectEventHandlers } from './event-handlers.ts';
import { temporalTracing } from './temporal-tracing.ts';
import { writeWorkflowsEntry } from './workflows-entry.ts';

/** A Temporal worker for every module's workflows and activities, plus the outbox dispatcher. */
export async function createDualcontrolWorker(
  env: Env,
  modules: readonly ModuleManifest[],
  options: { tracing?: Tracing } = {},
) {
  if (!env.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS must be set for the worker');
  const log = createLogger(env.LOG_LEVEL, { service: 'worker' });
  // OpenTelemetry (startTracing in main.ts): spans for statements, outbox handlers and Temporal.
  const traced = options.tracing?.enabled === true;
  const temporalTraces = options.tracing ? await temporalTracing(options.tracing) : undefined;
  const urls = roleUrls(env);
  const db = connectDatabase(urls.app, {
    max: env.DATABASE_POOL_SIZE,
    applicationName: 'dualcontrol-worker',
    pooler: urls.pooler?.app,
    traced,
  });
  // Its LISTEN for new outbox events goes straight to PostgreSQL even when the rest is pooled.
  const platformDb = connectDatabase(urls.platform, {
    max: 3,
    applicationName: 'dualcontrol-dispatcher',
    pooler: urls.pooler?.platform,
    traced,
  });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({
    connection: clientConnection,
    namespace: env.TEMPORAL_NAMESPACE,
    ...(temporalTraces ? { interceptors: temporalTraces.client } : {}),
  });
  const shutdownHooks: (() => Promise<void>)[] = [];
  const deps: WorkerDeps = {
    env,
    db,
    log,
    keyring: parseKeyring(env.ENCRYPTION_KEYS),
    temporal: { client, taskQueue: env.TEMPORAL_TASK_QUEUE },
    modules,
    onShutdown: (hook) => shutdownHooks.push(hook),
  };

  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    workflowsPath: writeWorkflowsEntry(modules),
    activities: createAllActivities(deps, modules),
    bundlerOptions: { ignoreModules: [] },
    ...temporalTraces?.worker,
  });
  // Through Temporal's meter, so they leave on the worker's one metrics port (WORKER_METRICS_PORT).
  const outboxEvents = Runtime.instance().metricMeter.createCounter(
    'dc_outbox_events',
    'events',
    'Outbox events handled by this worker, by outcome (delivered, retried, dead_lettered) and type',
  );
  const dispatcher = createOutboxDispatcher({
    platformDb,
    db,
    handlers: collectEventHandlers(modules, deps),
    log,
    onOutcome: (outcome, type) => outboxEvents.add(1, { outcome, type }),
    traced,
  });
  // Messaging's deliveries (email, SMS, WhatsApp, push) go out beside the outbox dispatcher.
  const channels = createChannelSenders(env, { db, platformDb });
  const channelDispatcher = createChannelDispatcher({
    platformDb,
    db,
    senders: channels.senders,
    log: log.child({ component: 'channels' }),
    leaseSeconds: env.CHANNEL_LEASE_SECONDS,
  });

  let running: Promise<void> | undefined;
  return {
    worker,
    dispatcher,
    channelDispatcher,
    log,
    client,
    /** Resolves once polling has started; `stop()` ends both. */
    async start() {
      for (const m of modules) await m.onWorkerStart?.(deps);
      await dispatcher.start();
      await channelDispatcher.start();
      running = worker.run();
    },
    async stop() {
      await dispatcher.stop();
      await channelDispatcher.stop();
      channels.close();
      // Modules' own shutdown work (analytics flushes PostHog) once no event is being handled.
      for (const hook of shutdownHooks) {
        try {
          await hook();
        } catch (error) {
          log.error('shutdown hook failed', { error });
        }
      }
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await clientConnection.close();
      await Promise.all([db.close(), platformDb.close()]);
    },
  };
}
