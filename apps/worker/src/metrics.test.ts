import { systemActor } from '@dualcontrol/db';
import { createTenant, freePort } from '@dualcontrol/platform';
import { createProductRegistry, productModules } from '@dualcontrol/product';
import { createTestDatabase, parsePrometheus, sumSamples, type TestDatabase } from '@dualcontrol/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDualcontrolWorker } from './create-worker.ts';
import { installRuntime } from './install-runtime.ts';

/**
 * The worker's metrics port (WORKER_METRICS_PORT) as main.ts sets it up: Temporal's own exporter,
 * carrying the workflow and activity figures and our outbox counter. Its own file: the runtime is
 * installed once per process, before any worker.
 */
describe('worker metrics', () => {
  let tdb: TestDatabase;
  let worker: Awaited<ReturnType<typeof createDualcontrolWorker>>;
  let connection: Connection;
  let port: number;
  const scrape = async () => parsePrometheus(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());

  beforeAll(async () => {
    const address = inject('dcTemporal').address;
    port = await freePort();
    tdb = await createTestDatabase({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TASK_QUEUE: 'worker-metrics-test',
      WORKER_METRICS_PORT: String(port),
    });
    installRuntime(tdb.env);
    worker = await createDualcontrolWorker(tdb.env, productModules);
    await worker.start();
    connection = await Connection.connect({ address });
  });
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await tdb?.drop();
  });

  it('exports workflow figures and outbox events by outcome as Prometheus text', async () => {
    await new Client({ connection }).workflow.execute('healthCheckWorkflow', {
      taskQueue: 'worker-metrics-test',
      workflowId: `health:${crypto.randomUUID()}`,
      workflowExecutionTimeout: '30 seconds',
    });
    const tenant = await createTenant(tdb.platformDb, createProductRegistry(), systemActor, {
      slug: 'metricsworker',
      name: 'Metrics Worker School',
      timezone: 'Europe/London',
      currency: 'GBP',
      modules: ['scheduling'],
      owner: { email: 'o@metrics.test', name: 'O', password: 'metrics-owner-password' },
    });
    await tdb.owner`insert into outbox_events (tenant_id, type, payload) values (${tenant.id}, 'test.unheard', '{}')`;

    let samples = await scrape();
    for (
      let i = 0;
      i < 50 && sumSamples(samples, 'dc_outbox_events_total', { type: 'test.unheard' }) === 0;
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 200));
      samples = await scrape();
    }
    expect(
      sumSamples(samples, 'dc_outbox_events_total', { outcome: 'delivered', type: 'test.unheard' }),
    ).toBe(1);
    expect(
      sumSamples(samples, 'temporal_workflow_completed_total', { workflow_type: 'healthCheckWorkflow' }),
    ).toBeGreaterThanOrEqual(1);
    expect(samples.some((s) => s.name.startsWith('temporal_activity_execution'))).toBe(true);
  });
});
