import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { productModules } from '@dualcontrol/product';
import { createDualcontrolWorker } from '@dualcontrol/worker/create-worker';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CrmSchool, createCrmSchool, createTestApi, type TestApi } from './crm-fixture.ts';

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The daily follow-up sweep under a real worker and Temporal: a school's first contact starts its
 * workflow (once), whose first step opens the no-lesson task for a quiet active learner, then sleeps
 * a day; the recorded history replays against the code.
 */
describe('crm daily follow-up sweep (Temporal)', () => {
  let api: TestApi;
  let s: CrmSchool;
  let worker: Awaited<ReturnType<typeof createDualcontrolWorker>>;
  const taskQueue = `crm-test-${randomUUID()}`;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    api = await createTestApi({
      env: { TEMPORAL_ADDRESS: inject('dcTemporal').address, TEMPORAL_TASK_QUEUE: taskQueue },
    });
    s = await createCrmSchool(api, 'crmsweep');
    worker = await createDualcontrolWorker(api.tdb.env, productModules);
    await worker.start();
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('the first contact starts the sweep, which opens one task for the quiet learner and sleeps a day', async () => {
    // A learner who has been quiet for 20 days (written directly: no event, nothing starts yet).
    await api.tdb.owner`insert into crm_pipeline_stages (tenant_id, key, label, position, kind)
      select ${s.tenant.id}, key, key, n, 'open'
        from unnest(${['enquiry', 'contacted', 'trial_lesson', 'active_learner']}::text[]) with ordinality as u(key, n)`;
    const [quiet] = await api.tdb.owner<{ id: string }[]>`insert into crm_contacts
      (tenant_id, name, email, stage, source, stage_changed_at)
      values (${s.tenant.id}, 'Quiet Q', 'quiet@example.com', 'active_learner', 'manual', now() - interval '20 days')
      returning id`;
    const handle = worker.client.workflow.getHandle(`crm-followup-sweep:${s.tenant.id}`);
    await s.contact({ name: 'New N', email: 'new@example.com' });
    await s.contact({ name: 'Next N', email: 'next@example.com' });
    const tasks = () =>
      api.tdb.owner<
        { contact_id: string }[]
      >`select contact_id from crm_tasks where rule_key = 'no_lesson_booked'`;
    await waitFor(async () => (await tasks()).length > 0, 30_000, 'the sweep task');
    expect((await tasks()).map((t) => t.contact_id)).toEqual([quiet!.id]);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    // One run for the school, however many contacts were created.
    const runs = worker.client.workflow.list({ query: `WorkflowId = 'crm-followup-sweep:${s.tenant.id}'` });
    let count = 0;
    for await (const _ of runs) count++;
    expect(count).toBe(1);
    // It sleeps until tomorrow: the history has the step and a started timer; it replays.
    await waitFor(
      async () => {
        const h = await handle.fetchHistory();
        return h.events!.some((e) => e.timerStartedEventAttributes);
      },
      10_000,
      'the timer',
    );
    const history = await handle.fetchHistory();
    const workflowsPath = fileURLToPath(new URL('../../modules/crm/src/workflows/index.ts', import.meta.url));
    await Worker.runReplayHistory({ workflowsPath }, history, `crm-followup-sweep:${s.tenant.id}`);
    await handle.terminate('test over');
  }, 60_000);
});
