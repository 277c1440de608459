import { productModules } from '@dualcontrol/product';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDualcontrolWorker } from './create-worker.ts';

describe('worker', () => {
  let tdb: TestDatabase;
  let worker: Awaited<ReturnType<typeof createDualcontrolWorker>>;
  let connection: Connection;
  beforeAll(async () => {
    const address = inject('dcTemporal').address;
    tdb = await createTestDatabase({ TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: 'worker-test' });
    worker = await createDualcontrolWorker(tdb.env, productModules);
    await worker.start();
    connection = await Connection.connect({ address });
  });
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await tdb?.drop();
  });

  it('runs the health workflow through an activity that reaches PostgreSQL', async () => {
    const client = new Client({ connection });
    const result = await client.workflow.execute('healthCheckWorkflow', {
      taskQueue: 'worker-test',
      workflowId: `health:${crypto.randomUUID()}`,
      workflowExecutionTimeout: '30 seconds',
    });
    expect(result).toMatchObject({ database: 'ok', workflowId: expect.stringMatching(/^health:/) });
  });

  it('a second start with the same workflow id is refused, not run twice', async () => {
    const client = new Client({ connection });
    const workflowId = `health:${crypto.randomUUID()}`;
    const first = await client.workflow.start('healthCheckWorkflow', {
      taskQueue: 'worker-test',
      workflowId,
    });
    await first.result();
    await expect(
      client.workflow.start('healthCheckWorkflow', {
        taskQueue: 'worker-test',
        workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    ).rejects.toThrow(/already/i);
  });
});
