import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../scheduling/scheduling-fixture.ts';
import { createThreadsSchool, openStream, type ThreadsSchool } from './threads-fixture.ts';

/**
 * The live stream (GET /api/v1/messaging/stream): one LISTEN per API process, fanned out to the
 * streams whose school and user match. A second student's stream, another school's stream and
 * the sender's own never receive the event; what was rolled back is never announced.
 */
describe('messaging live stream', () => {
  let api: TestApi;
  let a: ThreadsSchool;
  let b: ThreadsSchool;
  let thread: string;

  beforeAll(async () => {
    api = await createTestApi();
    a = await createThreadsSchool(api, 'livea');
    b = await createThreadsSchool(api, 'liveb');
    const started = await a.call('POST', '/api/v1/messaging/threads', a.sam.token, {
      recipientUserId: a.ian.userId,
      body: 'hello',
    });
    thread = started.body.thread.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('needs a session and answers text/event-stream', async () => {
    const anonymous = await api.app.request('/api/v1/messaging/stream', { headers: { 'x-tenant': 'livea' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const stream = await openStream(api, 'livea', a.ian.token);
    expect(stream.status).toBe(200);
    expect(stream.headers?.get('content-type')).toContain('text/event-stream');
    expect(stream.events[0]?.event).toBe('ready');
    await stream.close();
  });

  it('delivers message.created to the other participant only: not to another student, the sender, or another school', async () => {
    const ian = await openStream(api, 'livea', a.ian.token);
    const sam = await openStream(api, 'livea', a.sam.token);
    const sue = await openStream(api, 'livea', a.sue.token);
    const otherSchoolIan = await openStream(api, 'liveb', b.ian.token);
    const otherSchoolSam = await openStream(api, 'liveb', b.sam.token);
    try {
      const sent = await a.call('POST', `/api/v1/messaging/threads/${thread}/messages`, a.sam.token, {
        body: 'Running late',
      });
      expect(sent.status).toBe(201);
      const got = await ian.next((e) => e.event === 'message.created');
      expect(got).toBeDefined();
      expect(JSON.parse(got!.data)).toEqual({ id: sent.body.id, threadId: thread });

      // B's school does the same at the same moment: A's streams hear nothing of it.
      const bThread = await b.call('POST', '/api/v1/messaging/threads', b.sam.token, {
        recipientUserId: b.ian.userId,
        body: 'hello from b',
      });
      const bGot = await otherSchoolIan.next((e) => e.event === 'message.created');
      expect(JSON.parse(bGot!.data).threadId).toBe(bThread.body.thread.id);

      // Ian reads: sam (the sender) hears thread.read — the receipt.
      const read = await a.call('POST', `/api/v1/messaging/threads/${thread}/read`, a.ian.token, {});
      const receipt = await sam.next((e) => e.event === 'thread.read');
      expect(JSON.parse(receipt!.data)).toEqual({ id: read.body.lastReadMessageId, threadId: thread });

      // Give any stray delivery time to arrive, then check nobody else heard anything.
      await new Promise((r) => setTimeout(r, 300));
      const heard = (s: { events: { event: string }[] }) =>
        s.events.filter((e) => e.event !== 'ready' && e.event !== 'comment');
      expect(heard(sue)).toEqual([]);
      expect(heard(otherSchoolSam)).toEqual([]);
      expect(sam.events.some((e) => e.event === 'message.created')).toBe(false);
      expect(ian.events.filter((e) => e.event === 'message.created')).toHaveLength(1);
      expect(otherSchoolIan.events.filter((e) => e.event === 'message.created')).toHaveLength(1);
    } finally {
      for (const s of [ian, sam, sue, otherSchoolIan, otherSchoolSam]) await s.close();
    }
  });

  it('announces edits and deletions as message.updated', async () => {
    const ian = await openStream(api, 'livea', a.ian.token);
    try {
      const sent = await a.call('POST', `/api/v1/messaging/threads/${thread}/messages`, a.sam.token, {
        body: 'typo',
      });
      await ian.next((e) => e.event === 'message.created');
      await a.call('PATCH', `/api/v1/messaging/threads/${thread}/messages/${sent.body.id}`, a.sam.token, {
        body: 'fixed',
      });
      const updated = await ian.next((e) => e.event === 'message.updated');
      expect(JSON.parse(updated!.data)).toEqual({ id: sent.body.id, threadId: thread });
    } finally {
      await ian.close();
    }
  });

  it('announces nothing that was rolled back (the NOTIFY belongs to the writing transaction)', async () => {
    const { publishLive } = await import('../../modules/messaging/src/live/publish.ts');
    const ian = await openStream(api, 'livea', a.ian.token);
    const event = { kind: 'message.created' as const, id: thread, threadId: thread };
    try {
      await api.tdb.db
        .withTenant(a.tenant.id, { kind: 'system' }, async (tx) => {
          await publishLive(tx, a.tenant.id, [a.ian.userId], {
            ...event,
            id: '00000000-0000-7000-8000-000000000001',
          });
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await api.tdb.db.withTenant(a.tenant.id, { kind: 'system' }, (tx) =>
        publishLive(tx, a.tenant.id, [a.ian.userId], {
          ...event,
          id: '00000000-0000-7000-8000-000000000002',
        }),
      );
      const got = await ian.next((e) => e.event === 'message.created');
      expect(JSON.parse(got!.data).id).toBe('00000000-0000-7000-8000-000000000002');
      expect(ian.events.filter((e) => e.event === 'message.created')).toHaveLength(1);
      // A refused write (sue is not in the thread) announces nothing either.
      const refused = await a.call('POST', `/api/v1/messaging/threads/${thread}/messages`, a.sue.token, {
        body: 'x',
      });
      expect(refused.status).toBe(404);
      await new Promise((r) => setTimeout(r, 300));
      expect(ian.events.filter((e) => e.event === 'message.created')).toHaveLength(1);
    } finally {
      await ian.close();
    }
  });

  it('a closed stream is unsubscribed', async () => {
    const { liveHubFor } = await import('../../modules/messaging/src/live/live-hub.ts');
    const hub = liveHubFor(api.deps.platformDb, api.deps.log);
    const before = hub.size;
    const s = await openStream(api, 'livea', a.sue.token);
    expect(hub.size).toBe(before + 1);
    await s.close();
    for (let i = 0; i < 50 && hub.size !== before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hub.size).toBe(before);
  });
});
