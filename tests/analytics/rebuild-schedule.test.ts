import { randomUUID } from 'node:crypto';
import { analyticsRebuildScheduleId } from '@dualcontrol/analytics';
import { productModules } from '@dualcontrol/product';
import { type PostHogReceiver, startPostHogReceiver } from '@dualcontrol/testing';
import { createDualcontrolWorker } from '@dualcontrol/worker/create-worker';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createLessonsSchool,
  createTestApi,
  type LessonsSchool,
  type TestApi,
} from '../lessons/lessons-fixture.ts';
import { factRows, tenantIdOf } from './analytics-fixture.ts';

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The real worker on the real Temporal dev server: it creates the nightly rebuild's schedule,
// records events as they are dispatched, rebuilds when the schedule fires, and flushes PostHog
// when it stops.
describe('the nightly rebuild (Temporal schedule) and the worker', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let tenantId: string;
  let receiver: PostHogReceiver;
  let worker: Awaited<ReturnType<typeof createDualcontrolWorker>>;
  const taskQueue = `analytics-test-${randomUUID()}`;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    receiver = await startPostHogReceiver();
    api = await createTestApi({
      env: { TEMPORAL_ADDRESS: inject('dcTemporal').address, TEMPORAL_TASK_QUEUE: taskQueue },
    });
    s = await createLessonsSchool(api, 'nightly');
    tenantId = await tenantIdOf(api, 'nightly');
    await s.teach(s.students[0]!, { daysAgo: 2 });
    await s.teach(s.students[1]!, { daysAgo: 1, instructor: s.otherInstructor });
    worker = await createDualcontrolWorker(
      { ...api.tdb.env, POSTHOG_API_KEY: 'phc_worker_key', POSTHOG_HOST: receiver.url },
      productModules,
    );
    await worker.start();
  }, 120_000);
  afterAll(async () => {
    await worker?.client.schedule
      .getHandle(analyticsRebuildScheduleId(taskQueue))
      .delete()
      .catch(() => {});
    await receiver?.close();
    await api?.close();
  });

  it('creates the schedule once, and a triggered run rebuilds the facts from analytics_events', async () => {
    const handle = worker.client.schedule.getHandle(analyticsRebuildScheduleId(taskQueue));
    const described = await handle.describe();
    expect(JSON.stringify(described.spec)).toContain('"hour":[{"start":3');
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'rebuildAnalyticsFactsWorkflow',
      taskQueue,
    });

    await waitFor(async () => (await factRows(api, tenantId)).school.length > 0, 'incremental facts');
    await waitFor(async () => {
      const [row] = await api.tdb.owner<{ n: number }[]>`
        select count(*)::int as n from outbox_events where tenant_id = ${tenantId} and dispatched_at is null`;
      return row!.n === 0;
    }, 'the outbox to drain');
    const incremental = await factRows(api, tenantId);
    expect(incremental.school.reduce((n, r) => n + (r.lessons_taught as number), 0)).toBe(2);
    await api.tdb.owner`delete from analytics_school_days where tenant_id = ${tenantId}`;
    await api.tdb.owner`delete from analytics_instructor_days where tenant_id = ${tenantId}`;

    await handle.trigger();
    await waitFor(async () => (await factRows(api, tenantId)).school.length > 0, 'the rebuild');
    expect(await factRows(api, tenantId)).toEqual(incremental);
  }, 90_000);

  it('flushes what it captured for PostHog when it stops', async () => {
    await worker.stop();
    const captured = receiver.messages().filter((m) => m.event !== '$groupidentify');
    const [row] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from analytics_events where tenant_id = ${tenantId}`;
    expect(captured.length).toBe(row!.n);
    expect(captured.every((m) => m.properties.$groups?.school === tenantId)).toBe(true);
  });
});
