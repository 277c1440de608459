import { oneRow } from '@dualcontrol/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

describe('bookings API', () => {
  let api: TestApi;
  let a: SchedulingSchool;
  let b: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    a = await createSchedulingSchool(api, 'alpha');
    b = await createSchedulingSchool(api, 'bravo', { timezone: 'America/Chicago' });
  });
  afterAll(() => api.close());

  const book = (
    school: SchedulingSchool,
    token: string,
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ) =>
    api.call('POST', '/api/v1/bookings', {
      tenant: school.slug,
      token,
      body,
      ...(headers ? { headers } : {}),
    });

  it('an instructor whose hours are in another zone than the school: bookable on their own days, event in their zone', async () => {
    const t = await createSchedulingSchool(api, 'tokyohours');
    // 08:00–10:00 in Tokyo is the evening before in London: a booking read in the school's zone
    // would look on the wrong day and be refused.
    const weekly = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
      day,
      start: '08:00',
      end: '10:00',
    }));
    const hours = await api.call('PUT', `/api/v1/instructors/${t.instructor.id}/availability`, {
      tenant: t.slug,
      token: t.ownerToken,
      body: { timezone: 'Asia/Tokyo', weekly },
    });
    expect(hours.status).toBe(200);
    const res = await book(t, t.ownerToken, {
      instructorId: t.instructor.id,
      studentId: t.students[0].id,
      start: startAhead('Asia/Tokyo', 5, '08:00'),
      durationMinutes: 60,
    });
    expect(res.status).toBe(201);
    const event = await oneRow(
      api.tdb.owner<
        { timezone: string }[]
      >`select timezone from calendar_events where booking_id = ${res.body.id}`,
    );
    expect(event.timezone).toBe('Asia/Tokyo');
  });

  it('availability: the instructor or staff set it; others are refused', async () => {
    const weekly = [{ day: 'mon', start: '08:00', end: '12:00' }];
    const path = `/api/v1/instructors/${a.otherInstructor.id}/availability`;
    const other = await api.call('PUT', path, {
      tenant: 'alpha',
      token: a.instructor.token,
      body: { timezone: 'Europe/London', weekly },
    });
    expect(other.status).toBe(403);
    const student = await api.call('PUT', path, {
      tenant: 'alpha',
      token: a.students[0].token,
      body: { timezone: 'Europe/London', weekly },
    });
    expect(student.status).toBe(403);
    const bad = await api.call('PUT', path, {
      tenant: 'alpha',
      token: a.ownerToken,
      body: { timezone: 'Mars/Base', weekly: [{ day: 'funday', start: '25:00', end: '08:00' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.timezone', 'body.weekly.0.day', 'body.weekly.0.start']),
    );
    const read = await api.call('GET', `/api/v1/instructors/${a.instructor.id}/availability`, {
      tenant: 'alpha',
      token: a.students[0].token,
    });
    expect(read.status).toBe(200);
    expect(read.body.timezone).toBe('Europe/London');
    expect(read.body.weekly).toHaveLength(7);
  });

  it('slots: UTC instants of local working hours on a 15-minute grid, dates inclusive', async () => {
    const day = DateTime.now().setZone('Europe/London').plus({ days: 5 }).toISODate()!;
    const res = await api.call(
      'GET',
      `/api/v1/instructors/${a.instructor.id}/slots?from=${day}&to=${day}&duration=60`,
      {
        tenant: 'alpha',
        token: a.ownerToken,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe('Europe/London');
    expect(res.body.slots).toHaveLength(29); // 09:00 … 16:00
    const first = DateTime.fromISO(res.body.slots[0].start).setZone('Europe/London');
    expect(first.toFormat('yyyy-MM-dd HH:mm')).toBe(`${day} 09:00`);
    expect(Date.parse(res.body.slots[0].end) - Date.parse(res.body.slots[0].start)).toBe(3_600_000);
    const bad = await api.call(
      'GET',
      `/api/v1/instructors/${a.instructor.id}/slots?from=${day}&to=2020-01-01`,
      { tenant: 'alpha', token: a.ownerToken },
    );
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('problem+json');
  });

  it('a student books for themselves (201 pending); the slot is then gone', async () => {
    const start = startAhead('Europe/London', 6, '10:00');
    const res = await book(a, a.students[0].token, {
      instructorId: a.instructor.id,
      start,
      durationMinutes: 60,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      instructorId: a.instructor.id,
      studentId: a.students[0].id,
      start: new Date(start).toISOString(),
      end: new Date(Date.parse(start) + 3_600_000).toISOString(),
    });
    const day = DateTime.fromISO(start).setZone('Europe/London').toISODate();
    const slots = await api.call(
      'GET',
      `/api/v1/instructors/${a.instructor.id}/slots?from=${day}&to=${day}`,
      { tenant: 'alpha', token: a.ownerToken },
    );
    const starts = slots.body.slots.map((s: { start: string }) => s.start);
    expect(starts).not.toContain(new Date(start).toISOString());
    // Overlaps are gone too: 09:15 … 10:45 would collide with 10:00–11:00.
    expect(starts).not.toContain(new Date(Date.parse(start) - 45 * 60_000).toISOString());
    expect(starts).toContain(new Date(Date.parse(start) + 60 * 60_000).toISOString());
    const event = await oneRow(
      api.tdb
        .owner`select count(*)::int as n from outbox_events where type = 'booking.requested' and payload->>'bookingId' = ${res.body.id}`,
    );
    expect(event.n).toBe(1);
    const calendar = await oneRow(
      api.tdb.owner`select status from calendar_events where booking_id = ${res.body.id}`,
    );
    expect(calendar.status).toBe('tentative');
  });

  it('409 for a taken or overlapping time, and for a time outside availability', async () => {
    const start = startAhead('Europe/London', 7, '11:00');
    expect(
      (await book(a, a.students[0].token, { instructorId: a.instructor.id, start, durationMinutes: 60 }))
        .status,
    ).toBe(201);
    const same = await book(a, a.students[1].token, {
      instructorId: a.instructor.id,
      start,
      durationMinutes: 60,
    });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('scheduling.slot_taken');
    const overlap = await book(a, a.students[1].token, {
      instructorId: a.instructor.id,
      start: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
      durationMinutes: 60,
    });
    expect(overlap.status).toBe(409);
    const night = await book(a, a.students[1].token, {
      instructorId: a.instructor.id,
      start: startAhead('Europe/London', 7, '20:00'),
      durationMinutes: 60,
    });
    expect(night.status).toBe(409);
    expect(night.body.code).toBe('scheduling.outside_availability');
    const offGrid = await book(a, a.students[1].token, {
      instructorId: a.instructor.id,
      start: startAhead('Europe/London', 7, '13:07'),
      durationMinutes: 60,
    });
    expect(offGrid.status).toBe(409);
  });

  it('concurrent requests for one slot: exactly one 201, the rest 409, never a 5xx', async () => {
    const start = startAhead('Europe/London', 8, '14:00');
    const extra = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.addPerson('alpha', a.ownerToken, 'students', `Racer ${i}`)),
    );
    const racers = [...a.students, ...extra];
    const results = await Promise.all(
      racers.flatMap((s) =>
        [0, 1].map(() => book(a, s.token, { instructorId: a.instructor.id, start, durationMinutes: 60 })),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const overlapping = await oneRow(api.tdb.owner`select count(*)::int as n from bookings
      where instructor_id = ${a.instructor.id} and status in ('pending','confirmed','in_progress')
        and tstzrange(starts_at, ends_at) && tstzrange(${start}::timestamptz, ${start}::timestamptz + interval '1 hour')`);
    expect(overlapping.n).toBe(1);
  });

  it('honours Idempotency-Key on POST /bookings', async () => {
    const start = startAhead('Europe/London', 9, '09:00');
    const body = { instructorId: a.instructor.id, start, durationMinutes: 60 };
    const headers = { 'idempotency-key': 'booking-key-0001' };
    const first = await book(a, a.students[1].token, body, headers);
    const again = await book(a, a.students[1].token, body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('student A versus student B: B cannot see, confirm or cancel A’s booking; lists show only one’s own', async () => {
    const res = await book(a, a.students[2].token, {
      instructorId: a.instructor.id,
      start: startAhead('Europe/London', 10, '12:00'),
      durationMinutes: 60,
    });
    const id = res.body.id;
    const other = a.students[1].token;
    expect((await api.call('GET', `/api/v1/bookings/${id}`, { tenant: 'alpha', token: other })).status).toBe(
      404,
    );
    expect(
      (await api.call('POST', `/api/v1/bookings/${id}/cancel`, { tenant: 'alpha', token: other })).status,
    ).toBe(404);
    expect(
      (await api.call('POST', `/api/v1/bookings/${id}/confirm`, { tenant: 'alpha', token: other })).status,
    ).toBe(404);
    const list = await api.call('GET', '/api/v1/bookings', { tenant: 'alpha', token: other });
    expect(list.body.data.every((x: { studentId: string }) => x.studentId === a.students[1].id)).toBe(true);
    expect(
      (await api.call('GET', `/api/v1/bookings/${id}`, { tenant: 'alpha', token: a.students[2].token }))
        .status,
    ).toBe(200);
    // Booking for someone else is refused for a student.
    const forOther = await book(a, other, {
      instructorId: a.instructor.id,
      studentId: a.students[2].id,
      start: startAhead('Europe/London', 10, '15:00'),
      durationMinutes: 60,
    });
    expect(forOther.status).toBe(403);
  });

  it('tenant A versus tenant B: no booking, slot or availability of A is reachable from B', async () => {
    const res = await book(a, a.students[0].token, {
      instructorId: a.instructor.id,
      start: startAhead('Europe/London', 11, '10:00'),
      durationMinutes: 60,
    });
    const id = res.body.id;
    expect(
      (await api.call('GET', `/api/v1/bookings/${id}`, { tenant: 'bravo', token: b.ownerToken })).status,
    ).toBe(404);
    expect(
      (await api.call('POST', `/api/v1/bookings/${id}/cancel`, { tenant: 'bravo', token: b.ownerToken }))
        .status,
    ).toBe(404);
    expect(
      (await api.call('GET', `/api/v1/bookings/${id}`, { tenant: 'bravo', token: a.ownerToken })).status,
    ).toBe(401);
    expect(
      (
        await api.call('GET', `/api/v1/instructors/${a.instructor.id}/slots?from=2030-01-01&to=2030-01-02`, {
          tenant: 'bravo',
          token: b.ownerToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('PUT', `/api/v1/instructors/${a.instructor.id}/availability`, {
          tenant: 'bravo',
          token: b.ownerToken,
          body: { timezone: 'UTC', weekly: [] },
        })
      ).status,
    ).toBe(404);
    const cross = await book(b, b.students[0].token, {
      instructorId: a.instructor.id,
      start: startAhead('America/Chicago', 11, '10:00'),
      durationMinutes: 60,
    });
    expect(cross.status).toBe(404);
    const listB = await api.call('GET', '/api/v1/bookings', { tenant: 'bravo', token: b.ownerToken });
    expect(listB.body.data.map((x: { id: string }) => x.id)).not.toContain(id);
  });

  it('confirm: the instructor (or staff) confirms a pending booking once; students may not', async () => {
    const res = await book(a, a.students[0].token, {
      instructorId: a.instructor.id,
      start: startAhead('Europe/London', 12, '10:00'),
      durationMinutes: 60,
    });
    const path = `/api/v1/bookings/${res.body.id}/confirm`;
    expect((await api.call('POST', path, { tenant: 'alpha', token: a.students[0].token })).status).toBe(403);
    expect((await api.call('POST', path, { tenant: 'alpha', token: a.otherInstructor.token })).status).toBe(
      404,
    );
    const ok = await api.call('POST', path, { tenant: 'alpha', token: a.instructor.token });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('confirmed');
    const again = await api.call('POST', path, { tenant: 'alpha', token: a.instructor.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('scheduling.invalid_transition');
    const calendar = await oneRow(
      api.tdb.owner`select status, sequence from calendar_events where booking_id = ${res.body.id}`,
    );
    expect(calendar).toEqual({ status: 'confirmed', sequence: 1 });
    const change = await oneRow(
      api.tdb
        .owner`select count(*)::int as n from booking_changes where booking_id = ${res.body.id} and action = 'confirmed'`,
    );
    expect(change.n).toBe(1);
  });

  it('rejection frees the slot', async () => {
    const start = startAhead('Europe/London', 13, '10:00');
    const res = await book(a, a.students[0].token, {
      instructorId: a.instructor.id,
      start,
      durationMinutes: 60,
    });
    const rejected = await api.call('POST', `/api/v1/bookings/${res.body.id}/reject`, {
      tenant: 'alpha',
      token: a.instructor.token,
      body: { reason: 'car in for service' },
    });
    expect(rejected.body.status).toBe('rejected');
    expect(
      (await book(a, a.students[1].token, { instructorId: a.instructor.id, start, durationMinutes: 60 }))
        .status,
    ).toBe(201);
  });

  it('a student may hold at most two lessons a day (school default)', async () => {
    const s = a.students[2].token;
    const results = [];
    for (const time of ['09:00', '11:00', '14:00']) {
      results.push(
        (
          await book(a, s, {
            instructorId: a.otherInstructor.id,
            start: startAhead('Europe/London', 14, time),
            durationMinutes: 60,
          })
        ).status,
      );
    }
    expect(results).toEqual([201, 201, 409]);
  });

  it('malformed booking requests are 400 with the fields named', async () => {
    const res = await book(a, a.students[0].token, {
      instructorId: 'nope',
      start: 'tomorrow',
      durationMinutes: 5,
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['body.durationMinutes', 'body.extra', 'body.instructorId', 'body.start'].sort(),
    );
  });
});
