import { lessonsEvents } from '@dualcontrol/lessons';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLessonsSchool, type LessonsSchool } from '../lessons/lessons-fixture.ts';
import {
  channelsOf,
  createNotifySchool,
  createTestApi,
  dispatchMessaging,
  emit,
  type NotifySchool,
  type TestApi,
} from './notify-fixture.ts';

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('notification centre, preferences and template admin over the API', () => {
  let api: TestApi;
  let a: NotifySchool;
  let b: LessonsSchool;
  const goal = (school: { tenant: { id: string } }, studentId: string) =>
    emit(api, school.tenant.id, lessonsEvents['goal.reached'], {
      goalId: crypto.randomUUID(),
      studentId,
      reachedAt: inHours(0),
    });

  beforeAll(async () => {
    api = await createTestApi();
    a = await createNotifySchool(api, 'centrea');
    b = await createLessonsSchool(api, 'centreb');
    // Three notices for Sam (A), one for Sue (A), one for B's Sam.
    for (let i = 0; i < 3; i++) await goal(a, a.students[0]!.id);
    await goal(a, a.students[1]!.id);
    await goal(b, b.students[0]!.id);
    await dispatchMessaging(api);
  });
  afterAll(() => api.close());

  describe('the in-app centre', () => {
    it('lists my own notifications, newest first, by cursor, with the unread count', async () => {
      const sam = a.students[0]!;
      const first = await a.call('GET', '/api/v1/notifications?limit=2', sam.token);
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await a.call(
        'GET',
        `/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`,
        sam.token,
      );
      expect(second.body.data).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const all = [...first.body.data, ...second.body.data];
      expect(new Set(all.map((n: { id: string }) => n.id)).size).toBe(3);
      expect(
        all.every(
          (n: { eventType: string; title: string }) =>
            n.eventType === 'goal.reached' && n.title === 'Goal reached!',
        ),
      ).toBe(true);
      const created = all.map((n: { createdAt: string }) => n.createdAt);
      expect([...created].sort().reverse()).toEqual(created);
      expect((await a.call('GET', '/api/v1/notifications/unread-count', sam.token)).body).toEqual({
        unread: 3,
      });
      // Sue sees her one; the guardian (who also gets goal news) their own three.
      expect((await a.call('GET', '/api/v1/notifications', a.students[1]!.token)).body.data).toHaveLength(1);
      expect((await a.call('GET', '/api/v1/notifications/unread-count', a.guardian.token)).body).toEqual({
        unread: 3,
      });
    });

    it('marks one read (unread count down, live notification.read) and then all', async () => {
      const sam = a.students[0]!;
      const list = await a.call('GET', '/api/v1/notifications', sam.token);
      const target = list.body.data[0].id as string;
      const heard: { kind: string; id: string; userIds: string[] }[] = [];
      const listener = await api.tdb.owner.listen('dc_live', (p) => heard.push(JSON.parse(p)));
      try {
        const read = await a.call('POST', `/api/v1/notifications/${target}/read`, sam.token);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ id: target, read: true, status: 'read' });
        await expect
          .poll(() => heard.find((h) => h.kind === 'notification.read'), { timeout: 5000 })
          .toMatchObject({ id: target, userIds: [sam.userId] });
      } finally {
        await listener.unlisten();
      }
      // Again is fine, and changes nothing.
      expect((await a.call('POST', `/api/v1/notifications/${target}/read`, sam.token)).status).toBe(200);
      expect((await a.call('GET', '/api/v1/notifications/unread-count', sam.token)).body).toEqual({
        unread: 2,
      });
      const unread = await a.call('GET', '/api/v1/notifications?unread=true', sam.token);
      expect(unread.body.data.map((n: { id: string }) => n.id)).not.toContain(target);
      const all = await a.call('POST', '/api/v1/notifications/read-all', sam.token);
      expect(all.body).toEqual({ updated: 2 });
      expect((await a.call('GET', '/api/v1/notifications/unread-count', sam.token)).body).toEqual({
        unread: 0,
      });
      // Sam's read-all touched nobody else's.
      expect((await a.call('GET', '/api/v1/notifications/unread-count', a.students[1]!.token)).body).toEqual({
        unread: 1,
      });
    });

    it('student A cannot read or mark student B’s; school B cannot reach school A’s', async () => {
      const sue = a.students[1]!;
      const [suesOwn] = (await a.call('GET', '/api/v1/notifications', sue.token)).body.data;
      const sam = a.students[0]!;
      expect((await a.call('POST', `/api/v1/notifications/${suesOwn.id}/read`, sam.token)).status).toBe(404);
      expect(
        (await a.call('POST', `/api/v1/notifications/${suesOwn.id}/read`, a.instructor.token)).status,
      ).toBe(404);
      expect((await a.call('POST', `/api/v1/notifications/${suesOwn.id}/read`, a.ownerToken)).status).toBe(
        404,
      );
      // B's student, on B, with A's id: not found; with B's token on A's host: not signed in there.
      expect(
        (await b.call('POST', `/api/v1/notifications/${suesOwn.id}/read`, b.students[0]!.token)).status,
      ).toBe(404);
      const crossHost = await api.call('GET', '/api/v1/notifications', {
        tenant: 'centrea',
        token: b.students[0]!.token,
      });
      expect(crossHost.status).toBe(401);
      expect((await b.call('GET', '/api/v1/notifications', b.students[0]!.token)).body.data).toHaveLength(1);
      const [still] = await api.tdb.owner<
        { read_at: Date | null }[]
      >`select read_at from notifications where id = ${suesOwn.id}`;
      expect(still!.read_at).toBeNull();
      expect((await api.call('GET', '/api/v1/notifications', { tenant: 'centrea' })).status).toBe(401);
    });
  });

  describe('preferences', () => {
    const valid = {
      channels: { bookings: ['in_app', 'email'], messages: [] },
      reminders: { minutesBefore: [1440] },
      quietHours: { start: '22:00', end: '07:00', zone: 'Europe/London' },
      digest: { windowMinutes: 15 },
    };

    it('reads the defaults, saves mine, and leaves everyone else’s alone', async () => {
      const sam = a.students[0]!;
      const initial = await a.call('GET', '/api/v1/notification-preferences', sam.token);
      expect(initial.status).toBe(200);
      expect(initial.body.preferences).toEqual({
        channels: {},
        reminders: { minutesBefore: [1440, 120] },
        quietHours: null,
        digest: { windowMinutes: 30 },
      });
      expect(initial.body.groups.map((g: { group: string }) => g.group)).toEqual([
        'bookings',
        'reminders',
        'payments',
        'progress',
        'documents',
        'messages',
        'tasks',
      ]);
      const saved = await a.call('PUT', '/api/v1/notification-preferences', sam.token, valid);
      expect(saved.status).toBe(200);
      expect(saved.body.preferences).toEqual(valid);
      expect((await a.call('GET', '/api/v1/notification-preferences', sam.token)).body.preferences).toEqual(
        valid,
      );
      expect(
        (await a.call('GET', '/api/v1/notification-preferences', a.students[1]!.token)).body.preferences
          .quietHours,
      ).toBeNull();
      expect(
        (await b.call('GET', '/api/v1/notification-preferences', b.students[0]!.token)).body.preferences
          .quietHours,
      ).toBeNull();
    });

    it('refuses a bad zone or clock with 422 naming the field; a wrong shape is a 400', async () => {
      const sam = a.students[0]!;
      const badZone = await a.call('PUT', '/api/v1/notification-preferences', sam.token, {
        ...valid,
        quietHours: { ...valid.quietHours, zone: 'Mars/Olympus_Mons' },
      });
      expect(badZone.status).toBe(422);
      expect(badZone.contentType).toContain('application/problem+json');
      expect(badZone.body.errors).toEqual([
        { path: 'body.quietHours.zone', message: expect.stringContaining('time zone') },
      ]);
      const badClock = await a.call('PUT', '/api/v1/notification-preferences', sam.token, {
        ...valid,
        quietHours: { ...valid.quietHours, start: '25:00' },
      });
      expect(badClock.status).toBe(422);
      expect(badClock.body.errors[0].path).toBe('body.quietHours.start');
      const twice = await a.call('PUT', '/api/v1/notification-preferences', sam.token, {
        ...valid,
        channels: { bookings: ['email', 'email'] },
      });
      expect(twice.status).toBe(422);
      expect(twice.body.errors[0].path).toBe('body.channels.bookings');
      const unknownChannel = await a.call('PUT', '/api/v1/notification-preferences', sam.token, {
        ...valid,
        channels: { bookings: ['pigeon'] },
      });
      expect(unknownChannel.status).toBe(400);
      // Nothing was saved by the refusals.
      expect((await a.call('GET', '/api/v1/notification-preferences', sam.token)).body.preferences).toEqual(
        valid,
      );
    });
  });

  describe('template admin', () => {
    const key = '/api/v1/notification-templates/booking.confirmed/email/en-GB';

    it('is the office’s: students, instructors and guardians get 403', async () => {
      for (const token of [a.students[0]!.token, a.instructor.token, a.guardian.token]) {
        expect((await a.call('GET', '/api/v1/notification-templates', token)).status).toBe(403);
        expect((await a.call('GET', key, token)).status).toBe(403);
        expect((await a.call('POST', `${key}/versions`, token, { subject: 'x', body: 'y' })).status).toBe(
          403,
        );
        expect((await a.call('POST', `${key}/preview`, token, {})).status).toBe(403);
        expect((await a.call('POST', `${key}/revert`, token)).status).toBe(403);
      }
      expect((await api.call('GET', '/api/v1/notification-templates', { tenant: 'centrea' })).status).toBe(
        401,
      );
    });

    it('lists every notified event with its variables; unknown events and locales are 404', async () => {
      const list = await a.call('GET', '/api/v1/notification-templates', a.ownerToken);
      expect(list.status).toBe(200);
      const dunning = list.body.data.find(
        (e: { eventType: string }) => e.eventType === 'payment_plan.instalment_failed',
      );
      expect(dunning).toMatchObject({ group: 'payments', required: ['link'] });
      expect(dunning.variables).toEqual(expect.arrayContaining(['amount', 'failure', 'link', 'school.name']));
      expect(list.body.data.some((e: { eventType: string }) => e.eventType === 'stripe.event_received')).toBe(
        false,
      );
      expect(list.body.locales).toEqual(['en-GB', 'en-US']);
      expect(
        (
          await a.call(
            'GET',
            '/api/v1/notification-templates/stripe.event_received/email/en-GB',
            a.ownerToken,
          )
        ).status,
      ).toBe(404);
      expect(
        (await a.call('GET', '/api/v1/notification-templates/booking.confirmed/email/fr-FR', a.ownerToken))
          .status,
      ).toBe(404);
      const current = await a.call('GET', key, a.ownerToken);
      expect(current.body).toMatchObject({ activeVersion: null, versions: [] });
      expect(current.body.default.subject).toBe('Lesson confirmed: {{ booking.date }} at {{ booking.time }}');
    });

    it('refuses at save time, with 422 naming the part: unknown variables, bad Liquid, a required one left out', async () => {
      const unknown = await a.call('POST', `${key}/versions`, a.ownerToken, {
        subject: 'Booked {{ booking.start }}',
        body: 'Hi {{ student.nickname }}, pay {{ amount }}',
      });
      expect(unknown.status).toBe(422);
      expect(
        unknown.body.errors.map((e: { path: string; message: string }) => [e.path, e.message.split(';')[0]]),
      ).toEqual([
        ['body.body', 'unknown variable "student.nickname"'],
        ['body.body', 'unknown variable "amount"'],
      ]);
      const broken = await a.call('POST', `${key}/versions`, a.ownerToken, {
        subject: '{% if %}',
        body: 'ok',
      });
      expect(broken.status).toBe(422);
      expect(broken.body.errors[0]).toMatchObject({
        path: 'body.subject',
        message: expect.stringContaining('not valid Liquid'),
      });
      const badHtml = await a.call('POST', `${key}/versions`, a.ownerToken, {
        subject: 'ok',
        body: 'ok',
        html: '<p>{{ recipient.secret }}</p>',
      });
      expect(badHtml.status).toBe(422);
      expect(badHtml.body.errors[0].path).toBe('body.html');
      const noLink = await a.call(
        'POST',
        '/api/v1/notification-templates/payment_plan.instalment_failed/email/en-GB/versions',
        a.ownerToken,
        { subject: 'Instalment failed', body: 'Your instalment of {{ amount }} failed.' },
      );
      expect(noLink.status).toBe(422);
      expect(noLink.body.errors).toEqual([{ path: 'body.body', message: 'must use the variable "link"' }]);
      expect((await a.call('GET', key, a.ownerToken)).body.versions).toEqual([]);
    });

    it('saves versions, activates, reverts; the fan-out sends what is active', async () => {
      const v1 = await a.call('POST', `${key}/versions`, a.ownerToken, {
        subject: 'See you {{ booking.date }}, {{ recipient.name }}!',
        body: 'Booked with {{ instructor.name }} at {{ booking.time }}. {{ link }}',
      });
      expect(v1.status).toBe(201);
      expect(v1.body).toMatchObject({ version: 1, active: true });
      const v2 = await a.call('POST', `${key}/versions`, a.ownerToken, {
        subject: 'Version two for {{ recipient.name }}',
        body: 'Two. {{ link }}',
        activate: false,
      });
      expect(v2.body).toMatchObject({ version: 2, active: false });
      const sent = async () => {
        const eventId = await emit(api, a.tenantId, schedulingEvents['booking.confirmed'], {
          bookingId: crypto.randomUUID(),
          instructorId: a.instructor.id,
          studentId: a.students[1]!.id,
          start: inHours(50),
          end: inHours(51),
          status: 'confirmed',
          previousStatus: 'pending',
        });
        await dispatchMessaging(api);
        const [n] = await api.tdb.owner<{ id: string }[]>`
          select id from notifications where event_id = ${eventId} and user_id = ${a.students[1]!.userId}`;
        return (await channelsOf(api, [n!.id])).find((c) => c.channel === 'email')!.rendered;
      };
      expect((await sent()).subject).toMatch(/^See you .+, Sue centrea!$/);
      const activated = await a.call('POST', `${key}/versions/2/activate`, a.ownerToken);
      expect(activated.body).toMatchObject({ activeVersion: 2 });
      expect((await sent()).subject).toBe('Version two for Sue centrea');
      expect((await a.call('POST', `${key}/versions/9/activate`, a.ownerToken)).status).toBe(404);
      const reverted = await a.call('POST', `${key}/revert`, a.ownerToken);
      expect(reverted.body).toMatchObject({ activeVersion: null });
      expect(reverted.body.versions).toHaveLength(2);
      expect((await sent()).subject).toMatch(/^Lesson confirmed: /);
      // School B has none of A's versions, and B's owner cannot activate A's.
      const inB = await b.call('GET', key, b.ownerToken);
      expect(inB.body.versions).toEqual([]);
      expect((await b.call('POST', `${key}/versions/1/activate`, b.ownerToken)).status).toBe(404);
    });

    it('previews with sample data in the school’s branded layout, and checks a draft like a save', async () => {
      await api.tdb.platformDb.sql`update tenants set branding = ${JSON.stringify({
        primaryColor: '#aa3300',
        logoUrl: 'https://cdn.example/logo.png',
      })}::jsonb where slug = 'centrea'`;
      const current = await a.call('POST', `${key}/preview`, a.ownerToken, {});
      expect(current.status).toBe(200);
      expect(current.body.subject).toBe('Lesson confirmed: Tue 8 Dec at 10:00');
      expect(current.body.text).toContain('Ian Instructor');
      expect(current.body.html).toContain('background:#aa3300');
      expect(current.body.html).toContain('src="https://cdn.example/logo.png"');
      const draft = await a.call('POST', `${key}/preview`, a.ownerToken, {
        subject: 'Hello {{ student.name }}',
        body: 'Lesson {{ booking.start }}',
        html: '<p>Hi <b>{{ student.name }}</b> — {{ school.name }}</p>',
      });
      expect(draft.body.subject).toBe('Hello Sam Learner');
      expect(draft.body.html).toContain('<p>Hi <b>Sam Learner</b> — centrea Driving School</p>');
      const bad = await a.call('POST', `${key}/preview`, a.ownerToken, { subject: 'x', body: '{{ nope }}' });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].path).toBe('body.body');
    });
  });
});
