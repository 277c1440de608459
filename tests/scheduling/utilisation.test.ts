import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  type TestApi,
} from './scheduling-fixture.ts';

// Sydney is 10–11 hours ahead of UTC: a report that cut days at UTC midnight would put every
// morning lesson on the day before.
const ZONE = 'Australia/Sydney';

describe('utilisation report', () => {
  let api: TestApi;
  let a: SchedulingSchool;
  let b: SchedulingSchool;
  // Three days starting a week from now, in the school's calendar.
  const first = DateTime.now().setZone(ZONE).plus({ days: 7 }).startOf('day');
  const date = (i: number) => first.plus({ days: i }).toISODate()!;
  const at = (i: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    return first
      .plus({ days: i })
      .set({ hour: h!, minute: m! })
      .toUTC()
      .toISO({ suppressMilliseconds: true })!;
  };
  const report = (slug: string, token: string, query: string) =>
    api.call('GET', `/api/v1/reports/utilisation?${query}`, { tenant: slug, token });

  beforeAll(async () => {
    api = await createTestApi();
    // Two instructors each, working 09:00–17:00 every day.
    a = await createSchedulingSchool(api, 'utila', { timezone: ZONE });
    b = await createSchedulingSchool(api, 'utilb', { timezone: ZONE });
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await api.call(method, path, { tenant: 'utila', token: a.ownerToken, body });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const book = (instructorId: string, studentId: string, start: string) =>
      call('POST', '/api/v1/bookings', { instructorId, studentId, start, durationMinutes: 60 });
    // Ian: two lessons on day 0 (one confirmed, one pending), one cancelled on day 1 (not counted).
    const confirmed = await book(a.instructor.id, a.students[0].id, at(0, '09:00'));
    await call('POST', `/api/v1/bookings/${confirmed.id}/confirm`);
    await book(a.instructor.id, a.students[1].id, at(0, '11:00'));
    const cancelled = await book(a.instructor.id, a.students[2].id, at(1, '09:00'));
    await call('POST', `/api/v1/bookings/${cancelled.id}/cancel`, {});
    // Olga: one lesson on day 1.
    await book(a.otherInstructor.id, a.students[0].id, at(1, '10:00'));
    // Ian takes two hours off on day 1; the school is closed all of day 2.
    await call('POST', `/api/v1/instructors/${a.instructor.id}/exceptions`, {
      kind: 'time_off',
      start: at(1, '13:00'),
      end: at(1, '15:00'),
    });
    await call('POST', '/api/v1/closures', { name: 'Holiday', start: at(2, '00:00'), end: at(3, '00:00') });
    // The other school is busy too: none of it may show in the first school's figures.
    const other = await api.call('POST', '/api/v1/bookings', {
      tenant: 'utilb',
      token: b.ownerToken,
      body: {
        instructorId: b.instructor.id,
        studentId: b.students[0].id,
        start: at(0, '09:00'),
        durationMinutes: 60,
      },
    });
    expect(other.status).toBe(201);
  });
  afterAll(() => api.close());

  it('gives booked against available hours per instructor, per day and in total, in the school’s days', async () => {
    const res = await report('utila', a.ownerToken, `from=${date(0)}&to=${date(2)}`);
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe(ZONE);
    // Available: 3 × 8 h each, less the closed day, less Ian's 2 hours off.
    const byId = Object.fromEntries(
      (res.body.instructors as { instructorId: string }[]).map((r) => [r.instructorId, r]),
    );
    expect(byId[a.instructor.id]).toMatchObject({
      availableMinutes: 840,
      bookedMinutes: 120,
      lessons: 2,
      utilisation: 0.1429,
    });
    expect(byId[a.otherInstructor.id]).toMatchObject({
      availableMinutes: 960,
      bookedMinutes: 60,
      lessons: 1,
      utilisation: 0.0625,
    });
    expect(res.body.total).toEqual({
      availableMinutes: 1800,
      bookedMinutes: 180,
      lessons: 3,
      utilisation: 0.1,
    });
    expect(res.body.days).toEqual([
      { date: date(0), availableMinutes: 960, bookedMinutes: 120, lessons: 2 },
      { date: date(1), availableMinutes: 840, bookedMinutes: 60, lessons: 1 },
      { date: date(2), availableMinutes: 0, bookedMinutes: 0, lessons: 0 },
    ]);
  });

  it('shows another school’s admin only their own school', async () => {
    const res = await report('utilb', b.ownerToken, `from=${date(0)}&to=${date(2)}`);
    expect(res.status).toBe(200);
    const ids = (res.body.instructors as { instructorId: string }[]).map((r) => r.instructorId).sort();
    expect(ids).toEqual([b.instructor.id, b.otherInstructor.id].sort());
    // No closure there: 3 × 8 h for each of its two instructors, and its one lesson.
    expect(res.body.total).toEqual({
      availableMinutes: 2880,
      bookedMinutes: 60,
      lessons: 1,
      utilisation: 0.0208,
    });
    // A token of one school is no key to another.
    expect((await report('utila', b.ownerToken, `from=${date(0)}&to=${date(2)}`)).status).toBe(401);
  });

  it('is for the owner and admins only', async () => {
    for (const token of [a.students[0].token, a.instructor.token]) {
      const res = await report('utila', token, `from=${date(0)}&to=${date(2)}`);
      expect(res.status).toBe(403);
    }
  });

  it('names the field at fault when the dates are wrong', async () => {
    const badFrom = await report('utila', a.ownerToken, `from=2026-13-01&to=${date(2)}`);
    expect(badFrom.status).toBe(400);
    expect(badFrom.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.from']);
    const missing = await report('utila', a.ownerToken, `from=${date(0)}`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.to']);
    const backwards = await report('utila', a.ownerToken, `from=${date(2)}&to=${date(0)}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.to']);
    const tooLong = await report(
      'utila',
      a.ownerToken,
      `from=${date(0)}&to=${first.plus({ years: 2 }).toISODate()}`,
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.to']);
  });
});
