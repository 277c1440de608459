import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../scheduling/scheduling-fixture.ts';
import { createThreadsSchool, PNG_1PX, type ThreadsSchool, uploadTo } from './threads-fixture.ts';

/**
 * Conversations through the real API: who may talk to whom, who sees what (tenant A vs B,
 * student vs student, an instructor who does not teach the student, staff with and without
 * read_all), read receipts and exact unread counts, idempotent resend, edit/delete limits, mute,
 * attachments.
 */
describe('messaging threads', () => {
  let api: TestApi;
  let a: ThreadsSchool;
  let b: ThreadsSchool;
  let thread: string; // sam ↔ ian
  let firstMessage: string;

  const as = (school: ThreadsSchool, token: string) => ({
    get: (path: string) => school.call('GET', `/api/v1/messaging${path}`, token),
    post: (path: string, body?: unknown) =>
      school.call('POST', `/api/v1/messaging${path}`, token, body ?? {}),
    patch: (path: string, body: unknown) => school.call('PATCH', `/api/v1/messaging${path}`, token, body),
    put: (path: string, body: unknown) => school.call('PUT', `/api/v1/messaging${path}`, token, body),
    del: (path: string) => school.call('DELETE', `/api/v1/messaging${path}`, token),
  });

  beforeAll(async () => {
    api = await createTestApi();
    a = await createThreadsSchool(api, 'msga');
    b = await createThreadsSchool(api, 'msgb');
    const started = await as(a, a.sam.token).post('/threads', {
      recipientUserId: a.ian.userId,
      subject: 'Pickup point',
      body: 'Can you pick me up at the station?',
      clientId: 'sam-1',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    thread = started.body.thread.id;
    firstMessage = started.body.message.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('who may talk to whom', () => {
    it('a student’s contacts are the instructors they have lessons with, and the office', async () => {
      const sam = await as(a, a.sam.token).get('/contacts');
      expect(sam.status).toBe(200);
      expect(sam.body.office).toBe(true);
      expect(sam.body.people).toEqual([{ userId: a.ian.userId, name: a.ian.name, role: 'instructor' }]);
      // A seat in a group session is a relation too; no lesson at all is none.
      const sue = await as(a, a.sue.token).get('/contacts');
      expect(sue.body.people.map((p: { userId: string }) => p.userId)).toEqual([a.ian.userId]);
      const sid = await as(a, a.sid.token).get('/contacts');
      expect(sid.body.people).toEqual([]);
    });

    it('an instructor’s contacts are their students; the office reaches everyone', async () => {
      const ian = await as(a, a.ian.token).get('/contacts');
      expect(ian.body.people.map((p: { userId: string }) => p.userId).sort()).toEqual(
        [a.sam.userId, a.sue.userId].sort(),
      );
      const olga = await as(a, a.olga.token).get('/contacts');
      expect(olga.body.people).toEqual([]);
      const office = await as(a, a.admin.token).get('/contacts');
      expect(office.body.office).toBe(false);
      expect(office.body.people).toHaveLength(5); // two instructors, three students
    });

    it('refuses a student writing to another student, an instructor they have no lesson with, or another school’s person', async () => {
      for (const [token, to] of [
        [a.sam.token, a.sue.userId],
        [a.sam.token, a.olga.userId],
        [a.sid.token, a.ian.userId],
        [a.olga.token, a.sam.userId],
        [a.sam.token, b.ian.userId],
      ] as const) {
        const res = await as(a, token).post('/threads', { recipientUserId: to, body: 'hello' });
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.code).toBe('messaging.recipient_not_allowed');
        expect(res.body.errors[0].path).toBe('body.recipientUserId');
      }
    });

    it('says which field is at fault on a bad start', async () => {
      const none = await as(a, a.sam.token).post('/threads', { body: 'hello' });
      expect(none.status).toBe(400);
      expect(none.body.errors[0].path).toBe('body.recipientUserId');
      const long = await as(a, a.sam.token).post('/threads', {
        recipientUserId: a.ian.userId,
        body: 'x'.repeat(4001),
      });
      expect(long.status).toBe(400);
      expect(long.body.errors.map((e: { path: string }) => e.path)).toContain('body.body');
      const blank = await as(a, a.sam.token).post(`/threads/${thread}/messages`, { body: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.errors[0].path).toBe('body.body');
      const booking = await as(a, a.sam.token).post('/threads', {
        recipientUserId: a.ian.userId,
        bookingId: a.groupBookingId, // sam's seat, so allowed
        body: 'about the group session',
      });
      expect(booking.status).toBe(201);
      const notTheirs = await as(a, a.sue.token).post('/threads', {
        recipientUserId: a.ian.userId,
        bookingId: a.lessonBookingId, // sam's lesson, not sue's
        body: 'hm',
      });
      expect(notTheirs.status).toBe(422);
      expect(notTheirs.body.errors[0].path).toBe('body.bookingId');
    });

    it('an office conversation puts the person with every owner and admin', async () => {
      const res = await as(a, a.sid.token).post('/threads', {
        office: true,
        body: 'Do you have automatic cars?',
      });
      expect(res.status).toBe(201);
      expect(res.body.thread.kind).toBe('student_office');
      const people = res.body.thread.participants.map((p: { userId: string; role: string }) => [
        p.userId,
        p.role,
      ]);
      expect(people).toEqual(
        expect.arrayContaining([
          [a.sid.userId, 'student'],
          [a.admin.userId, 'office'],
          [a.ownerUserId, 'office'],
        ]),
      );
      const adminInbox = await as(a, a.admin.token).get('/threads');
      expect(adminInbox.body.data.map((t: { id: string }) => t.id)).toContain(res.body.thread.id);
      // The office cannot "write to the office".
      const office = await as(a, a.admin.token).post('/threads', { office: true, body: 'x' });
      expect(office.status).toBe(403);
    });

    it('a group lesson has one conversation, for its seat holders and instructor', async () => {
      const first = await as(a, a.sue.token).post('/threads', {
        groupBookingId: a.groupBookingId,
        body: 'See you there',
      });
      expect(first.status).toBe(201);
      const again = await as(a, a.ian.token).post('/threads', { groupBookingId: a.groupBookingId });
      expect(again.status).toBe(200);
      expect(again.body.thread.id).toBe(first.body.thread.id);
      expect(again.body.thread.participants.map((p: { userId: string }) => p.userId).sort()).toEqual(
        [a.ian.userId, a.sam.userId, a.sue.userId].sort(),
      );
      const outsider = await as(a, a.sid.token).post('/threads', { groupBookingId: a.groupBookingId });
      expect(outsider.status).toBe(422);
      const notGroup = await as(a, a.sam.token).post('/threads', { groupBookingId: a.lessonBookingId });
      expect(notGroup.status).toBe(422);
      const read = await as(a, a.sid.token).get(`/threads/${first.body.thread.id}/messages`);
      expect(read.status).toBe(404);
    });
  });

  describe('who sees a conversation', () => {
    const routes = () =>
      [
        ['GET', `/threads/${thread}`],
        ['GET', `/threads/${thread}/messages`],
        ['POST', `/threads/${thread}/messages`, { body: 'sneaky' }],
        ['POST', `/threads/${thread}/read`, {}],
        ['PUT', `/threads/${thread}/mute`, { muted: true }],
        ['PATCH', `/threads/${thread}/messages/${firstMessage}`, { body: 'changed' }],
        ['DELETE', `/threads/${thread}/messages/${firstMessage}`],
      ] as const;

    it('another student, an instructor who does not teach them, and a guardian-less outsider get 404 on every route', async () => {
      for (const token of [a.sue.token, a.sid.token, a.olga.token]) {
        for (const [method, path, body] of routes()) {
          const res = await a.call(method, `/api/v1/messaging${path}`, token, body);
          expect(res.status, `${method} ${path}`).toBe(404);
          expect(res.body.code).toBe('messaging.thread_not_found');
        }
        const inbox = await as(a, token).get('/threads');
        expect(inbox.body.data.map((t: { id: string }) => t.id)).not.toContain(thread);
      }
    });

    it('another school gets 404 on every route, even its office', async () => {
      for (const token of [b.ownerToken, b.admin.token, b.ian.token, b.sam.token]) {
        for (const [method, path, body] of routes()) {
          const res = await b.call(method, `/api/v1/messaging${path}`, token, body);
          expect(res.status, `${method} ${path}`).toBe(404);
        }
      }
      // A's token at B's address is not a session there.
      const crossed = await b.call('GET', `/api/v1/messaging/threads/${thread}`, a.sam.token);
      expect(crossed.status).toBe(401);
      const [count] = await api.tdb.platformDb.sql<{ n: number }[]>`select count(*)::int as n from messages
        where thread_id = ${thread} and body = 'sneaky'`;
      expect(count!.n).toBe(0);
    });

    it('the office reads a conversation it is not in only with read_all, and never writes in it', async () => {
      const owner = await as(a, a.ownerToken).get(`/threads/${thread}`);
      expect(owner.status).toBe(200);
      expect(owner.body.participant).toBe(false);
      const messages = await as(a, a.admin.token).get(`/threads/${thread}/messages`);
      expect(messages.status).toBe(200);
      const write = await as(a, a.admin.token).post(`/threads/${thread}/messages`, { body: 'office here' });
      expect(write.status).toBe(403);
      expect(write.body.code).toBe('messaging.not_participant');
      const school = await as(a, a.ownerToken).get('/threads?scope=school');
      expect(school.body.data.map((t: { id: string }) => t.id)).toContain(thread);
      // Staff without the permission (an instructor) cannot list the school's conversations.
      const ian = await as(a, a.ian.token).get('/threads?scope=school');
      expect(ian.status).toBe(403);
      const olga = await as(a, a.olga.token).get(`/threads/${thread}`);
      expect(olga.status).toBe(404);
    });
  });

  describe('reading, receipts and unread counts', () => {
    it('counts unread exactly and moves the read pointer only forward', async () => {
      const ian = as(a, a.ian.token);
      const sam = as(a, a.sam.token);
      const before = await ian.get('/unread');
      const mine = (await ian.get('/threads')).body.data.find((t: { id: string }) => t.id === thread);
      expect(mine.unread).toBe(1);
      expect(mine.lastMessage.body).toBe('Can you pick me up at the station?');
      expect(mine.participants.map((p: { name: string }) => p.name).sort()).toEqual(
        [a.ian.name, a.sam.name].sort(),
      );

      const ids: string[] = [];
      for (const text of ['one', 'two', 'three']) {
        const res = await sam.post(`/threads/${thread}/messages`, { body: text });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      expect((await ian.get('/unread')).body.unread).toBe(before.body.unread + 3);
      // The sender's own messages are never unread for them.
      expect((await sam.get('/threads')).body.data.find((t: { id: string }) => t.id === thread).unread).toBe(
        0,
      );

      const upTo = await ian.post(`/threads/${thread}/read`, { messageId: ids[1] });
      expect(upTo.status).toBe(200);
      expect(upTo.body.lastReadMessageId).toBe(ids[1]);
      const stale = await ian.post(`/threads/${thread}/read`, { messageId: firstMessage });
      expect(stale.body.lastReadMessageId).toBe(ids[1]);
      expect((await ian.get('/threads')).body.data.find((t: { id: string }) => t.id === thread).unread).toBe(
        1,
      );

      // Sam sees the receipt on what ian has read, not on what he has not.
      const list = await sam.get(`/threads/${thread}/messages`);
      const byId = new Map(list.body.data.map((m: { id: string }) => [m.id, m]));
      const receipt = (byId.get(ids[1]!) as { readBy: { userId: string; readAt: string }[] }).readBy;
      expect(receipt).toEqual([{ userId: a.ian.userId, name: a.ian.name, readAt: upTo.body.lastReadAt }]);
      expect((byId.get(ids[2]!) as { readBy: unknown[] }).readBy).toEqual([]);
      // Receipts are for the sender only.
      const ianView = await ian.get(`/threads/${thread}/messages`);
      expect(ianView.body.data.every((m: { readBy: unknown[] }) => m.readBy.length === 0)).toBe(true);

      const all = await ian.post(`/threads/${thread}/read`, {});
      expect(all.body.lastReadMessageId).toBe(ids[2]);
      // Before: this thread's first message was one of ian's unread; now none of it is.
      expect((await ian.get('/unread')).body.unread).toBe(before.body.unread - 1);
      expect((await ian.get('/threads')).body.data.find((t: { id: string }) => t.id === thread).unread).toBe(
        0,
      );
    });

    it('lists messages newest first with a cursor', async () => {
      const first = await as(a, a.ian.token).get(`/threads/${thread}/messages?limit=2`);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await as(a, a.ian.token).get(
        `/threads/${thread}/messages?limit=100&cursor=${first.body.nextCursor}`,
      );
      const ids = [...first.body.data, ...second.body.data].map((m: { id: string }) => m.id);
      expect(ids).toEqual([...ids].sort().reverse());
      expect(ids.at(-1)).toBe(firstMessage);
      expect(new Set(ids).size).toBe(ids.length);
      const bad = await as(a, a.ian.token).get(`/threads/${thread}/messages?cursor=nonsense`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('query.cursor');
    });

    it('pages the inbox by last activity', async () => {
      const page1 = await as(a, a.sam.token).get('/threads?limit=1');
      expect(page1.body.data).toHaveLength(1);
      const page2 = await as(a, a.sam.token).get(`/threads?limit=10&cursor=${page1.body.nextCursor}`);
      const all = [...page1.body.data, ...page2.body.data];
      const times = all.map((t: { lastMessageAt: string }) => t.lastMessageAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(new Set(all.map((t: { id: string }) => t.id)).size).toBe(all.length);
      expect(all.length).toBeGreaterThanOrEqual(3); // ian, the group, the one about the group lesson
    });
  });

  describe('sending', () => {
    it('a resend with the same clientId stores nothing new and answers the first message', async () => {
      const first = await as(a, a.ian.token).post(`/threads/${thread}/messages`, {
        body: 'Yes, 10:00',
        clientId: 'ian-offline-7',
      });
      expect(first.status).toBe(201);
      const again = await as(a, a.ian.token).post(`/threads/${thread}/messages`, {
        body: 'Yes, 10:00',
        clientId: 'ian-offline-7',
      });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const [rows] = await api.tdb.platformDb.sql<{ n: number }[]>`select count(*)::int as n from messages
        where sender_id = ${a.ian.userId} and client_id = 'ian-offline-7'`;
      expect(rows!.n).toBe(1);
      const [events] = await api.tdb.platformDb.sql<
        { n: number }[]
      >`select count(*)::int as n from outbox_events
        where type = 'message.sent' and payload->>'messageId' = ${first.body.id}`;
      expect(events!.n).toBe(1);
      // Another sender may use the same clientId; the same sender elsewhere may not.
      const sam = await as(a, a.sam.token).post(`/threads/${thread}/messages`, {
        body: 'ok',
        clientId: 'ian-offline-7',
      });
      expect(sam.status).toBe(201);
      const group = (await as(a, a.ian.token).get('/threads')).body.data.find(
        (t: { kind: string }) => t.kind === 'group',
      );
      const elsewhere = await as(a, a.ian.token).post(`/threads/${group.id}/messages`, {
        body: 'x',
        clientId: 'ian-offline-7',
      });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.errors[0].path).toBe('body.clientId');
    });

    it('emits message.sent to the unmuted others in the same transaction; a muted participant is left out', async () => {
      const muted = await as(a, a.sam.token).put(`/threads/${thread}/mute`, { muted: true });
      expect(muted.body).toEqual({ muted: true });
      const quiet = await as(a, a.ian.token).post(`/threads/${thread}/messages`, { body: 'muted one' });
      await as(a, a.sam.token).put(`/threads/${thread}/mute`, { muted: false });
      const loud = await as(a, a.ian.token).post(`/threads/${thread}/messages`, { body: 'loud one' });
      const payload = async (id: string) =>
        (
          await api.tdb.platformDb.sql<
            { payload: { recipientIds: string[]; senderId: string; threadId: string } }[]
          >`
            select payload from outbox_events where type = 'message.sent' and payload->>'messageId' = ${id}`
        )[0]!.payload;
      expect((await payload(quiet.body.id)).recipientIds).toEqual([]);
      expect(await payload(loud.body.id)).toMatchObject({
        recipientIds: [a.sam.userId],
        senderId: a.ian.userId,
        threadId: thread,
      });
      // Muted or not, it counts as unread.
      expect(
        (await as(a, a.sam.token).get('/threads')).body.data.find((t: { id: string }) => t.id === thread)
          .unread,
      ).toBeGreaterThanOrEqual(2);
    });
  });

  describe('editing and deleting', () => {
    it('the sender edits and deletes within 15 minutes; nobody else can; the deleted message keeps its place', async () => {
      const sent = await as(a, a.sam.token).post(`/threads/${thread}/messages`, { body: 'See you at 9' });
      const edited = await as(a, a.sam.token).patch(`/threads/${thread}/messages/${sent.body.id}`, {
        body: 'See you at 10',
      });
      expect(edited.status).toBe(200);
      expect(edited.body.body).toBe('See you at 10');
      expect(edited.body.editedAt).toEqual(expect.any(String));
      const other = await as(a, a.ian.token).patch(`/threads/${thread}/messages/${sent.body.id}`, {
        body: 'hijack',
      });
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('messaging.not_sender');
      const otherDelete = await as(a, a.ian.token).del(`/threads/${thread}/messages/${sent.body.id}`);
      expect(otherDelete.status).toBe(403);

      const unreadBefore = (await as(a, a.ian.token).get('/unread')).body.unread;
      const gone = await as(a, a.sam.token).del(`/threads/${thread}/messages/${sent.body.id}`);
      expect(gone.status).toBe(204);
      expect((await as(a, a.ian.token).get('/unread')).body.unread).toBe(unreadBefore - 1);
      const list = await as(a, a.ian.token).get(`/threads/${thread}/messages`);
      const shown = list.body.data.find((m: { id: string }) => m.id === sent.body.id);
      expect(shown).toMatchObject({ deleted: true, body: null });
      const [row] = await api.tdb.platformDb.sql<
        { body: string }[]
      >`select body from messages where id = ${sent.body.id}`;
      expect(row!.body).toBe('');
      const twice = await as(a, a.sam.token).del(`/threads/${thread}/messages/${sent.body.id}`);
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('messaging.message_deleted');
    });

    it('refuses a change after the window closes', async () => {
      const sent = await as(a, a.sam.token).post(`/threads/${thread}/messages`, { body: 'old news' });
      await api.tdb.platformDb
        .sql`update messages set created_at = now() - interval '16 minutes' where id = ${sent.body.id}`;
      const edit = await as(a, a.sam.token).patch(`/threads/${thread}/messages/${sent.body.id}`, {
        body: 'new',
      });
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('messaging.edit_window_closed');
      const del = await as(a, a.sam.token).del(`/threads/${thread}/messages/${sent.body.id}`);
      expect(del.status).toBe(409);
      await api.tdb.platformDb
        .sql`update messages set created_at = now() - interval '14 minutes' where id = ${sent.body.id}`;
      expect(
        (await as(a, a.sam.token).patch(`/threads/${thread}/messages/${sent.body.id}`, { body: 'new' }))
          .status,
      ).toBe(200);
    });
  });

  describe('attachments', () => {
    it('the sender attaches a photo; participants fetch it by a signed link; nobody else can add or forge one', async () => {
      const sent = await as(a, a.sam.token).post(`/threads/${thread}/messages`, {
        body: 'Here is my licence photo',
      });
      const up = await uploadTo(api, {
        tenant: 'msga',
        token: a.sam.token,
        threadId: thread,
        messageId: sent.body.id,
        bytes: PNG_1PX,
      });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      expect(up.body.contentType).toBe('image/png');
      const list = await as(a, a.ian.token).get(`/threads/${thread}/messages`);
      const shown = list.body.data.find((m: { id: string }) => m.id === sent.body.id);
      expect(shown.attachments).toHaveLength(1);
      const url: string = shown.attachments[0].url;
      const got = await api.app.request(url, { headers: { 'x-tenant': 'msga' } });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG_1PX);
      // The link is the school's: at another school's address it is not valid.
      const crossed = await api.app.request(url, { headers: { 'x-tenant': 'msgb' } });
      expect(crossed.status).toBe(403);
      // Change the signature's first character to a different one (a fixed 'A' left it as it was
      // whenever the real signature began with 'A', one run in 64).
      const forgedUrl = url.replace(/signature=(.)/, (_, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`);
      expect(forgedUrl).not.toBe(url);
      const forged = await api.app.request(forgedUrl, {
        headers: { 'x-tenant': 'msga' },
      });
      expect(forged.status).toBe(403);
      // Not the sender (ian), not in the thread (sue), another school (b's sam): refused.
      const ian = await uploadTo(api, {
        tenant: 'msga',
        token: a.ian.token,
        threadId: thread,
        messageId: sent.body.id,
        bytes: PNG_1PX,
      });
      expect(ian.status).toBe(403);
      const sue = await uploadTo(api, {
        tenant: 'msga',
        token: a.sue.token,
        threadId: thread,
        messageId: sent.body.id,
        bytes: PNG_1PX,
      });
      expect(sue.status).toBe(404);
      const other = await uploadTo(api, {
        tenant: 'msgb',
        token: b.sam.token,
        threadId: thread,
        messageId: sent.body.id,
        bytes: PNG_1PX,
      });
      expect(other.status).toBe(404);
      const text = await uploadTo(api, {
        tenant: 'msga',
        token: a.sam.token,
        threadId: thread,
        messageId: sent.body.id,
        bytes: new TextEncoder().encode('<script>alert(1)</script>'),
        name: 'x.png',
      });
      expect(text.status).toBe(415);
      expect(text.body.errors[0].path).toBe('body.file');
      // Deleting the message takes its attachments with it.
      expect((await as(a, a.sam.token).del(`/threads/${thread}/messages/${sent.body.id}`)).status).toBe(204);
      const after = await api.app.request(url, { headers: { 'x-tenant': 'msga' } });
      expect(after.status).toBe(404);
    });
  });
});
