import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { productModules } from '@dualcontrol/product';
import { createDualcontrolWorker } from '@dualcontrol/worker/create-worker';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ZONE = 'Europe/London';
/** The school's calendar date and wall-clock time (HH:MM:SS) of an instant. */
const localDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
const localTime = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(at);
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Notice = { type: string; payload: Record<string, unknown>; created_at: Date };

// Each document's expiry workflow on the real Temporal dev server (no time skipping), with a real
// worker (outbox dispatcher + every module's workflows): marks a few seconds away are waited for.
describe('document expiry timers (Temporal)', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let other: LessonsSchool;
  let worker: Awaited<ReturnType<typeof createDualcontrolWorker>>;
  let tenantId: string;
  const taskQueue = `lessons-test-${randomUUID()}`;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    api = await createTestApi({
      env: { TEMPORAL_ADDRESS: inject('dcTemporal').address, TEMPORAL_TASK_QUEUE: taskQueue },
    });
    s = await createLessonsSchool(api, 'expiry', { timezone: ZONE });
    other = await createLessonsSchool(api, 'expiryb', { timezone: ZONE });
    const [tenant] = await api.tdb.owner<{ id: string }[]>`select id from tenants where slug = 'expiry'`;
    tenantId = tenant!.id;
    worker = await createDualcontrolWorker(api.tdb.env, productModules);
    await worker.start();
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const notices = (documentId: string) =>
    api.tdb.owner<Notice[]>`
      select type, payload, created_at from outbox_events
       where type in ('document.expiring', 'document.expired') and payload->>'documentId' = ${documentId}
       order by created_at, id`;
  const workflow = (documentId: string) =>
    worker.client.workflow.getHandle(`document-expiry:${tenantId}:${documentId}`);
  const status = async (documentId: string) => {
    try {
      return (await workflow(documentId).describe()).status.name;
    } catch {
      return 'NONE';
    }
  };
  const add = async (token: string, body: Record<string, unknown>) => {
    const res = await s.call('POST', '/api/v1/documents', token, body);
    if (res.status !== 201) throw new Error(`add: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; userId: string };
  };
  const setNoticeTime = async (time: string) => {
    const res = await s.call('PATCH', '/api/v1/lessons/settings', s.ownerToken, { documentNoticeTime: time });
    expect(res.status).toBe(200);
  };

  it('sleeps to each mark (30 days, 7 days, the day after expiry) and sends its notice then, once', async () => {
    // Notices go out at the school's notice time: make it a few seconds from now, and give three
    // documents expiry dates whose 30-day, 7-day and expired marks fall on that day. 15 s: the three
    // uploads and their workflows' start must be done before it (8 s left a loaded machine short).
    const markAt = new Date(Date.now() + 15_000);
    await setNoticeTime(localTime(markAt));
    const day = localDay(markAt);
    const sam = s.students[0]!;
    const in30 = await add(sam.token, { category: 'licence', expiresOn: plusDays(day, 30) });
    const in7 = await add(s.instructor.token, { category: 'instructor_badge', expiresOn: plusDays(day, 7) });
    const ended = await add(s.ownerToken, {
      userId: sam.userId,
      category: 'eyesight',
      expiresOn: plusDays(day, -1),
    });
    const docs = [in30, in7, ended];
    // Each has its workflow, waiting: nothing is sent before the mark.
    await waitFor(
      async () => (await Promise.all(docs.map((d) => status(d.id)))).every((st) => st === 'RUNNING'),
      15_000,
      'three running workflows',
    );
    for (const d of docs) expect(await notices(d.id)).toEqual([]);

    await waitFor(
      async () =>
        (await Promise.all(docs.map(async (d) => (await notices(d.id)).length))).every((n) => n === 1),
      25_000,
      'the three notices',
    );
    const [n30, n7, gone] = (await Promise.all(docs.map((d) => notices(d.id)))).map((rows) => rows[0]);
    expect(n30!.type).toBe('document.expiring');
    expect(n30!.payload).toEqual({
      documentId: in30.id,
      userId: sam.userId,
      category: 'licence',
      expiresOn: plusDays(day, 30),
      daysLeft: 30,
      notice: 30,
    });
    expect(n7!.payload).toMatchObject({ category: 'instructor_badge', daysLeft: 7, notice: 7 });
    expect(gone!.type).toBe('document.expired');
    expect(gone!.payload).toEqual({
      documentId: ended.id,
      userId: sam.userId,
      category: 'eyesight',
      expiresOn: plusDays(day, -1),
    });
    // The notice time has whole seconds: the mark is markAt's second. Not early, and not much late.
    const mark = Math.floor(markAt.getTime() / 1000) * 1000;
    const late = [n30!, n7!, gone!].map((n) => n.created_at.getTime() - mark);
    console.log(`expiry notices went out ${late.join(', ')} ms after their mark`);
    for (const ms of late) expect(ms).toBeGreaterThanOrEqual(0);
    expect(Math.max(...late)).toBeLessThan(5000);
    // The 30-day one now sleeps to the 7-day mark; the others are done (the expired one for good).
    expect(await status(in30.id)).toBe('RUNNING');
    await waitFor(async () => (await status(ended.id)) === 'COMPLETED', 10_000, 'expired workflow done');
    expect(await status(in7.id)).toBe('RUNNING');
    // Deterministic: the recorded history (step, timer, step) replays against today's code.
    const history = await workflow(ended.id).fetchHistory();
    const kinds = history.events!.map((e) => Object.keys(e).find((k) => k.endsWith('Attributes')));
    expect(kinds).toContain('timerFiredEventAttributes');
    const workflowsPath = fileURLToPath(
      new URL('../../modules/lessons/src/workflows/index.ts', import.meta.url),
    );
    await Worker.runReplayHistory({ workflowsPath }, history, `document-expiry:${tenantId}:${ended.id}`);
  }, 60_000);

  it('a mark already past is sent at once; an expired document gets document.expired only; never twice', async () => {
    await setNoticeTime('09:00');
    const today = localDay(new Date());
    const sue = s.students[1]!;
    const twoWeeks = await add(sue.token, { category: 'licence', expiresOn: plusDays(today, 14) });
    const fiveDays = await add(sue.token, { category: 'eyesight', expiresOn: plusDays(today, 5) });
    const expired = await add(sue.token, { category: 'id', expiresOn: plusDays(today, -10) });
    await waitFor(
      async () =>
        (
          await Promise.all([twoWeeks, fiveDays, expired].map(async (d) => (await notices(d.id)).length))
        ).every((n) => n === 1),
      20_000,
      'immediate notices',
    );
    expect((await notices(twoWeeks.id))[0]!.payload).toMatchObject({ notice: 30, daysLeft: 14 });
    // Five days left: the 7-day notice only (the 30-day one is superseded, not sent late as well).
    expect((await notices(fiveDays.id))[0]!.payload).toMatchObject({ notice: 7, daysLeft: 5 });
    expect((await notices(expired.id)).map((n) => n.type)).toEqual(['document.expired']);
    await waitFor(async () => (await status(expired.id)) === 'COMPLETED', 10_000, 'expired workflow done');

    // Idempotent: the same workflow run again (a redelivered event, a restart) sends nothing new.
    const handle = await worker.client.workflow.start('documentExpiryWorkflow', {
      taskQueue,
      workflowId: `document-expiry:${tenantId}:${expired.id}`,
      args: [{ tenantId, documentId: expired.id }],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    await handle.result();
    const rerun = await worker.client.workflow.start('documentExpiryWorkflow', {
      taskQueue,
      workflowId: `document-expiry:${tenantId}:${fiveDays.id}`,
      args: [{ tenantId, documentId: fiveDays.id }],
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    });
    await waitFor(async () => (await rerun.describe()).historyLength > 5, 10_000, 'rerun stepped');
    expect(await notices(expired.id)).toHaveLength(1);
    expect(await notices(fiveDays.id)).toHaveLength(1);
    const [row] = await api.tdb.owner<{ count: number }[]>`
      select count(*)::int as count from document_expiry_notices where document_id = ${fiveDays.id}`;
    expect(row!.count).toBe(1);
  }, 60_000);

  it('a new expiry restarts the workflow; no expiry, or removing the document, cancels it', async () => {
    await setNoticeTime('09:00');
    const today = localDay(new Date());
    const sam = s.students[0]!;
    const doc = await add(sam.token, { category: 'theory_certificate', expiresOn: plusDays(today, 200) });
    await waitFor(async () => (await status(doc.id)) === 'RUNNING', 15_000, 'workflow started');
    const firstRun = (await workflow(doc.id).describe()).runId;
    expect(await notices(doc.id)).toEqual([]);

    // The licence turns out to expire in 20 days: the new run sends the 30-day notice at once.
    const moved = await s.call('PATCH', `/api/v1/documents/${doc.id}`, sam.token, {
      expiresOn: plusDays(today, 20),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.expiresOn).toBe(plusDays(today, 20));
    await waitFor(async () => (await notices(doc.id)).length === 1, 20_000, 'notice for the new expiry');
    expect((await notices(doc.id))[0]!.payload).toMatchObject({ expiresOn: plusDays(today, 20), notice: 30 });
    const secondRun = (await workflow(doc.id).describe()).runId;
    expect(secondRun).not.toBe(firstRun);
    expect(await status(doc.id)).toBe('RUNNING');

    // Renewed with no expiry: the timers stop.
    expect(
      (await s.call('PATCH', `/api/v1/documents/${doc.id}`, sam.token, { expiresOn: null })).status,
    ).toBe(200);
    await waitFor(async () => (await status(doc.id)) === 'CANCELLED', 20_000, 'cancelled on no expiry');

    // Removed: its workflow is cancelled, and its notices go with it.
    const badge = await add(s.instructor.token, {
      category: 'instructor_badge',
      expiresOn: plusDays(today, 90),
    });
    await waitFor(async () => (await status(badge.id)) === 'RUNNING', 15_000, 'badge workflow');
    expect((await s.call('DELETE', `/api/v1/documents/${badge.id}`, s.instructor.token)).status).toBe(204);
    await waitFor(async () => (await status(badge.id)) === 'CANCELLED', 20_000, 'cancelled on removal');
    expect(
      (await s.call('GET', '/api/v1/documents', s.instructor.token)).body.data.map(
        (d: { id: string }) => d.id,
      ),
    ).not.toContain(badge.id);
  }, 60_000);

  it('only the document’s owner or the office changes or removes it (not another student, school or guardian)', async () => {
    const sam = s.students[0]!;
    const sue = s.students[1]!;
    const doc = await add(sam.token, { category: 'licence', reference: 'SAM123', expiresOn: '2030-01-01' });
    const patch = (token: string, body: unknown = { title: 'Provisional licence' }) =>
      s.call('PATCH', `/api/v1/documents/${doc.id}`, token, body);
    // A guardian of another learner (Sue's), who has no documents of their own here.
    const guardian = await api.addPerson(s.slug, s.ownerToken, 'students', `Gwen ${s.slug}`);
    await api.tdb
      .owner`insert into user_roles (tenant_id, user_id, role) values (${tenantId}, ${guardian.userId}, 'guardian')`;
    await api.tdb.owner`delete from user_roles where user_id = ${guardian.userId} and role = 'student'`;
    expect(
      (
        await s.call('POST', `/api/v1/students/${sue.id}/guardians`, s.ownerToken, {
          userId: guardian.userId,
        })
      ).status,
    ).toBe(201);
    const guardianToken = guardian.token as string;

    for (const token of [sue.token, s.instructor.token, guardianToken]) {
      expect((await patch(token)).status).toBe(404);
      expect((await s.call('DELETE', `/api/v1/documents/${doc.id}`, token)).status).toBe(404);
    }
    expect(
      (await other.call('PATCH', `/api/v1/documents/${doc.id}`, other.ownerToken, { title: 'x' })).status,
    ).toBe(404);
    expect((await other.call('DELETE', `/api/v1/documents/${doc.id}`, other.ownerToken)).status).toBe(404);

    // Bad input is a 400 naming the field, never a 500.
    const backwards = await patch(sam.token, { issuedOn: '2031-01-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('body.issuedOn');
    expect((await patch(sam.token, {})).status).toBe(400);
    expect((await patch(sam.token, { expiresOn: '2030-02-30' })).status).toBe(400);

    // The office verifies; correcting the reference afterwards clears it (it must see the new one).
    expect((await s.call('POST', `/api/v1/documents/${doc.id}/verify`, s.ownerToken)).status).toBe(200);
    const titled = await patch(sam.token);
    expect(titled.body).toMatchObject({ title: 'Provisional licence', reference: 'SAM123' });
    expect(titled.body.verifiedAt).not.toBeNull();
    const corrected = await patch(sam.token, { reference: 'SAM124' });
    expect(corrected.body).toMatchObject({ reference: 'SAM124', verifiedAt: null, verifiedBy: null });
    expect((await patch(s.ownerToken, { title: null })).body.title).toBeNull();
    expect((await s.call('DELETE', `/api/v1/documents/${doc.id}`, s.ownerToken)).status).toBe(204);
    expect((await s.call('DELETE', `/api/v1/documents/${doc.id}`, sam.token)).status).toBe(404);
  }, 60_000);
});
