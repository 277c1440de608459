import { systemActor } from '@dualcontrol/db';
import { lessonsEvents } from '@dualcontrol/lessons';
import { messagingModule } from '@dualcontrol/messaging';
import { paymentsEvents } from '@dualcontrol/payments';
import { createLogger } from '@dualcontrol/platform';
import { schedulingEvents } from '@dualcontrol/scheduling';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import {
  channelsOf,
  createNotifySchool,
  createTestApi,
  dispatchMessaging,
  emit,
  type NotifySchool,
  notificationsOf,
  type TestApi,
} from './notify-fixture.ts';

const MIN = 60_000;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** HH:MM in a zone, `minutes` from now. */
const clockIn = (zone: string, minutes: number) =>
  new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
  }).format(new Date(Date.now() + minutes * MIN));

describe('fan-out: events become notifications, once, when the person wants them', () => {
  let api: TestApi;
  let s: NotifySchool;
  const put = async (token: string, body: unknown) => {
    const res = await s.call('PUT', '/api/v1/notification-preferences', token, body);
    if (res.status !== 200) throw new Error(`preferences: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const prefs = (over: Record<string, unknown> = {}) => ({
    channels: {},
    reminders: { minutesBefore: [1440, 120] },
    quietHours: null,
    digest: { windowMinutes: 30 },
    ...over,
  });
  const confirmedPayload = (student: { id: string }, startInHours: number) => ({
    bookingId: crypto.randomUUID(),
    instructorId: s.instructor.id,
    studentId: student.id,
    start: inHours(startInHours),
    end: inHours(startInHours + 1),
    status: 'confirmed' as const,
    previousStatus: 'pending' as const,
  });

  beforeAll(async () => {
    api = await createTestApi();
    s = await createNotifySchool(api, 'fanout');
    await dispatchMessaging(api);
  });
  afterAll(() => api.close());

  it('a student’s requests reach the instructor in-app at once, and by email as one digest: 3 requests → 1 email', async () => {
    const sue = s.students[1]!;
    const started = Date.now();
    for (const [i, time] of ['10:00', '12:00', '14:00'].entries()) {
      await s.expectOk(
        s.call('POST', '/api/v1/bookings', sue.token, {
          instructorId: s.instructor.id,
          start: startAhead(s.timezone, 5 + i, time),
          durationMinutes: 60,
        }),
        201,
        'request',
      );
      await dispatchMessaging(api);
    }
    const ian = s.instructor.userId;
    const requests = await notificationsOf(api, ian, 'booking.requested');
    const own = requests.filter((n) => n.event_id !== null);
    const digests = requests.filter((n) => n.event_id === null);
    expect(own).toHaveLength(3);
    expect(
      own.every((n) => n.status === 'delivered' && n.title === `New lesson request from Sue fanout`),
    ).toBe(true);
    expect(digests).toHaveLength(1);
    expect(own.every((n) => n.digest_key === digests[0]!.id)).toBe(true);
    const inApp = await channelsOf(
      api,
      own.map((n) => n.id),
    );
    expect(inApp.map((c) => [c.channel, c.status])).toEqual([
      ['in_app', 'delivered'],
      ['in_app', 'delivered'],
      ['in_app', 'delivered'],
    ]);
    const [email, ...more] = await channelsOf(api, [digests[0]!.id]);
    expect(more).toEqual([]);
    expect(email).toMatchObject({ channel: 'email', address: s.instructor.email, status: 'pending' });
    expect(email!.rendered.subject).toBe('3 new lesson requests');
    expect(email!.rendered.text.match(/New lesson request from Sue fanout/g)).toHaveLength(3);
    expect(email!.rendered.html).toContain('3 new lesson requests');
    // Sent when the instructor's 30-minute window closes, counted from the first request.
    const due = email!.next_attempt_at.getTime();
    expect(due).toBeGreaterThanOrEqual(started + 30 * MIN - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 30 * MIN);
  });

  it('a redelivered event (×3) makes one notification and one row per channel', async () => {
    const sam = s.students[0]!;
    const eventId = await emit(
      api,
      s.tenantId,
      schedulingEvents['booking.confirmed'],
      confirmedPayload(sam, 72),
    );
    await dispatchMessaging(api);
    // The outbox redelivers: the dispatcher's own dedupe undone, twice.
    for (let i = 0; i < 2; i++) {
      await api.tdb.owner`delete from outbox_deliveries where event_id = ${eventId}`;
      await api.tdb.owner`update outbox_events set dispatched_at = null where id = ${eventId}`;
      await dispatchMessaging(api);
    }
    // And the handler itself, called straight with the same event.
    const [handler] = messagingModule.subscriptions!({} as never);
    const [row] = await api.tdb.owner<{ payload: Record<string, unknown>; created_at: Date }[]>`
      select payload, created_at from outbox_events where id = ${eventId}`;
    await api.tdb.db.withTenant(s.tenantId, systemActor, (tx) =>
      handler!.handle(
        {
          id: eventId,
          tenantId: s.tenantId,
          type: 'booking.confirmed',
          payload: row!.payload,
          createdAt: row!.created_at,
        },
        { tx, log: createLogger('silent') },
      ),
    );
    const rows = await api.tdb.owner<{ id: string; user_id: string }[]>`
      select id, user_id from notifications where event_id = ${eventId}`;
    expect(rows.map((r) => r.user_id).sort()).toEqual([sam.userId, s.guardian.userId].sort());
    const channels = await channelsOf(
      api,
      rows.map((r) => r.id),
    );
    const samRows = channels.filter(
      (c) => c.notification_id === rows.find((r) => r.user_id === sam.userId)!.id,
    );
    expect(samRows.map((c) => c.channel)).toEqual(['email', 'in_app']);
    expect(channels).toHaveLength(4);
  });

  it('quiet hours hold non-critical deliveries until they end; critical ones go at once', async () => {
    const sue = s.students[1]!;
    const zone = 'Europe/London';
    const saved = await put(
      sue.token,
      prefs({ quietHours: { start: clockIn(zone, -60), end: clockIn(zone, 60), zone } }),
    );
    expect(saved.status).toBe(200);
    const calm = await emit(
      api,
      s.tenantId,
      schedulingEvents['booking.confirmed'],
      confirmedPayload(sue, 72),
    );
    // Called off three hours before: someone may be about to leave for it.
    const urgent = await emit(api, s.tenantId, schedulingEvents['booking.cancelled'], {
      ...confirmedPayload(sue, 3),
      status: 'cancelled',
      previousStatus: 'confirmed',
    });
    const before = Date.now();
    await dispatchMessaging(api);
    const [waiting] = await api.tdb.owner<{ id: string; critical: boolean; deliver_after: Date }[]>`
      select id, critical, deliver_after from notifications where event_id = ${calm} and user_id = ${sue.userId}`;
    expect(waiting!.critical).toBe(false);
    const held = await channelsOf(api, [waiting!.id]);
    const email = held.find((c) => c.channel === 'email')!;
    // The end of quiet hours: an hour from now, to the minute.
    expect(email.next_attempt_at.getTime()).toBeGreaterThan(before + 58 * MIN);
    expect(email.next_attempt_at.getTime()).toBeLessThanOrEqual(before + 61 * MIN);
    expect(waiting!.deliver_after.getTime()).toBe(email.next_attempt_at.getTime());
    // In-app does not buzz: it is in the centre at once.
    expect(held.find((c) => c.channel === 'in_app')!.status).toBe('delivered');
    const [now] = await api.tdb.owner<{ id: string; critical: boolean }[]>`
      select id, critical from notifications where event_id = ${urgent} and user_id = ${sue.userId}`;
    expect(now!.critical).toBe(true);
    const sent = (await channelsOf(api, [now!.id])).find((c) => c.channel === 'email')!;
    expect(sent.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());
    // The instructor has no quiet hours: the same cancellation is theirs at once too.
    await put(sue.token, prefs());
  });

  it('no messages to a learner while driving: non-critical news waits for the lesson’s end', async () => {
    const sid = s.students[2]!;
    const booking = await s.expectOk(
      s.call('POST', '/api/v1/bookings', s.ownerToken, {
        instructorId: s.otherInstructor.id,
        studentId: sid.id,
        start: startAhead(s.timezone, 9, '09:00'),
        durationMinutes: 60,
      }),
      201,
      'book',
    );
    // The lesson is under way: started ten minutes ago, ends in fifty.
    await api.tdb.owner`update bookings set status = 'in_progress',
        starts_at = now() - interval '10 minutes', ends_at = now() + interval '50 minutes' where id = ${booking.id}`;
    const [bookingRow] = await api.tdb.owner<{ ends_at: Date }[]>`
      select ends_at from bookings where id = ${booking.id}`;
    const endsAt = bookingRow!.ends_at;
    await dispatchMessaging(api); // the booking's own request
    const calm = await emit(api, s.tenantId, lessonsEvents['goal.reached'], {
      goalId: crypto.randomUUID(),
      studentId: sid.id,
      reachedAt: inHours(0),
    });
    await put(sid.token, prefs({ channels: { progress: ['in_app', 'email'] } }));
    const urgent = await emit(api, s.tenantId, paymentsEvents['payment.failed'], {
      paymentId: crypto.randomUUID(),
      studentId: sid.id,
      purpose: 'booking',
      amountMinor: 4500,
      currency: 'GBP',
      message: 'Declined.',
    });
    await dispatchMessaging(api);
    const emailOf = async (eventId: string) => {
      const [n] = await api.tdb.owner<{ id: string }[]>`
        select id from notifications where event_id = ${eventId} and user_id = ${sid.userId}`;
      return (await channelsOf(api, [n!.id])).find((c) => c.channel === 'email')!;
    };
    expect((await emailOf(calm)).next_attempt_at.getTime()).toBe(endsAt.getTime());
    expect((await emailOf(urgent)).next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());
    // The instructor teaching is not "driving": their notices are not held.
    await api.tdb.owner`update bookings set status = 'completed' where id = ${booking.id}`;
  });

  it('reminders follow the person’s choice of times, and the email carries the lesson as ICS', async () => {
    const sam = s.students[0]!;
    await put(sam.token, prefs({ reminders: { minutesBefore: [1440] } }));
    const base = {
      bookingId: crypto.randomUUID(),
      eventId: crypto.randomUUID(),
      start: inHours(24),
      end: inHours(25),
      userIds: [sam.userId, s.instructor.userId],
    };
    const day = await emit(api, s.tenantId, schedulingEvents['booking.reminder_due'], {
      ...base,
      minutesBefore: 1440,
      remindAt: inHours(0),
    });
    const short = await emit(api, s.tenantId, schedulingEvents['booking.reminder_due'], {
      ...base,
      minutesBefore: 120,
      remindAt: inHours(22),
    });
    await dispatchMessaging(api);
    const who = async (eventId: string) =>
      (
        await api.tdb.owner<
          { user_id: string }[]
        >`select user_id from notifications where event_id = ${eventId}`
      )
        .map((r) => r.user_id)
        .sort();
    expect(await who(day)).toEqual([sam.userId, s.instructor.userId].sort());
    // Sam wants the day-before reminder only; the instructor keeps both (the defaults).
    expect(await who(short)).toEqual([s.instructor.userId]);
    const [n] = await api.tdb.owner<{ id: string; title: string }[]>`
      select id, title from notifications where event_id = ${day} and user_id = ${sam.userId}`;
    expect(n!.title).toMatch(/^Reminder: lesson tomorrow at \d\d:\d\d$/);
    const email = (await channelsOf(api, [n!.id])).find((c) => c.channel === 'email')!;
    const [ics] = email.rendered.attachments!;
    expect(ics!.contentType).toContain('text/calendar');
    const calendar = new ICAL.Component(
      ICAL.parse(Buffer.from(ics!.contentBase64, 'base64').toString('utf8')),
    );
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(`${base.eventId}@dualcontrol`);
    const start = vevent.getFirstPropertyValue('dtstart') as unknown as ICAL.Time;
    expect(start.toJSDate().toISOString().replace('.000Z', 'Z')).toBe(base.start);
    await put(sam.token, prefs());
  });

  it('channels per group: an SMS to the student’s phone, a push per device, nothing when all are off', async () => {
    const sam = s.students[0]!;
    await api.tdb.owner`update students set phone = '+447700900123' where id = ${sam.id}`;
    await api.tdb.owner`insert into user_devices (tenant_id, user_id, kind, endpoint, keys)
      values (${s.tenantId}, ${sam.userId}, 'web_push', 'https://push.example/a', '{}'::jsonb),
             (${s.tenantId}, ${sam.userId}, 'web_push', 'https://push.example/b', '{}'::jsonb)`;
    await put(sam.token, prefs({ channels: { bookings: ['sms', 'push', 'in_app'] } }));
    const chosen = await emit(
      api,
      s.tenantId,
      schedulingEvents['booking.confirmed'],
      confirmedPayload(sam, 80),
    );
    await dispatchMessaging(api);
    const [n] = await api.tdb.owner<{ id: string }[]>`
      select id from notifications where event_id = ${chosen} and user_id = ${sam.userId}`;
    const rows = await channelsOf(api, [n!.id]);
    const devices = await api.tdb.owner<{ id: string }[]>`
      select id from user_devices where user_id = ${sam.userId} order by id`;
    expect(rows.map((r) => [r.channel, r.address])).toEqual(
      [['in_app', sam.userId], ...devices.map((d) => ['push', d.id]), ['sms', '+447700900123']].sort(
        (a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!),
      ),
    );
    expect(rows.find((r) => r.channel === 'sms')!.rendered.text).toMatch(
      /^fanout Driving School: Your lesson with/,
    );
    await put(sam.token, prefs({ channels: { bookings: [] } }));
    const off = await emit(api, s.tenantId, schedulingEvents['booking.confirmed'], confirmedPayload(sam, 90));
    await dispatchMessaging(api);
    const [silent] = await api.tdb.owner<{ id: string; status: string }[]>`
      select id, status from notifications where event_id = ${off} and user_id = ${sam.userId}`;
    expect(silent!.status).toBe('suppressed');
    expect(await channelsOf(api, [silent!.id])).toEqual([]);
    await put(sam.token, prefs());
  });

  it('in-app notices are announced live (notification.created on dc_live) when the fan-out commits', async () => {
    const sam = s.students[0]!;
    const heard: { tenantId: string; userIds: string[]; kind: string; id: string }[] = [];
    const listener = await api.tdb.owner.listen('dc_live', (payload) => heard.push(JSON.parse(payload)));
    try {
      const eventId = await emit(api, s.tenantId, lessonsEvents['goal.reached'], {
        goalId: crypto.randomUUID(),
        studentId: sam.id,
        reachedAt: inHours(0),
      });
      await dispatchMessaging(api);
      const [n] = await api.tdb.owner<{ id: string }[]>`
        select id from notifications where event_id = ${eventId} and user_id = ${sam.userId}`;
      await expect
        .poll(() => heard.find((h) => h.id === n!.id), { timeout: 5000 })
        .toEqual({
          tenantId: s.tenantId,
          userIds: [sam.userId],
          kind: 'notification.created',
          id: n!.id,
        });
    } finally {
      await listener.unlisten();
    }
  });
});
