import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  type TestApi,
} from './scheduling-fixture.ts';

describe('recurring series', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let other: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'seriesschool', { policies: { bookingHorizonDays: 365 } });
    other = await createSchedulingSchool(api, 'seriesother');
  });
  afterAll(() => api.close());

  /** A Saturday 10:00 London start a few weeks before the clocks change, so the series crosses it. */
  function beforeClockChange(): string {
    let d = DateTime.now()
      .setZone('Europe/London')
      .plus({ days: 2 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    while (d.weekday !== 6) d = d.plus({ days: 1 });
    return d.toUTC().toISO({ suppressMilliseconds: true })!;
  }

  it('books every week at the same local time, across daylight-saving changes', async () => {
    const start = beforeClockChange();
    const res = await api.call('POST', '/api/v1/series', {
      tenant: 'seriesschool',
      token: s.students[0].token,
      body: { instructorId: s.instructor.id, start, durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=32' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.bookings).toHaveLength(32);
    const local = res.body.bookings.map((b: { start: string }) =>
      DateTime.fromISO(b.start).setZone('Europe/London').toFormat('ccc HH:mm'),
    );
    expect(new Set(local)).toEqual(new Set(['Sat 10:00']));
    // 31 weeks (217 days) always span a London clock change (they are at most 210 days apart).
    const utcHours = new Set(
      res.body.bookings.map((b: { start: string }) => new Date(b.start).getUTCHours()),
    );
    expect(utcHours.size).toBe(2);
  });

  it('is all or nothing: one taken week refuses the series and books none', async () => {
    // In London time, as the series repeats: read in the machine's zone (UTC in CI), "two weeks on"
    // is an hour off the series' third lesson when the clocks change in between, so nothing clashed.
    const first = DateTime.fromISO(beforeClockChange(), { zone: 'Europe/London' }).plus({ hours: 3 });
    const blocker = await api.call('POST', '/api/v1/bookings', {
      tenant: 'seriesschool',
      token: s.students[1].token,
      body: {
        instructorId: s.instructor.id,
        start: first.plus({ weeks: 2 }).toUTC().toISO({ suppressMilliseconds: true }),
        durationMinutes: 60,
      },
    });
    expect(blocker.status).toBe(201);
    const res = await api.call('POST', '/api/v1/series', {
      tenant: 'seriesschool',
      token: s.students[2].token,
      body: {
        instructorId: s.instructor.id,
        start: first.toUTC().toISO({ suppressMilliseconds: true }),
        durationMinutes: 60,
        rrule: 'FREQ=WEEKLY;COUNT=4',
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('scheduling.series_conflict');
    expect(res.body.refused).toHaveLength(1);
    const mine = await api.call('GET', '/api/v1/bookings', {
      tenant: 'seriesschool',
      token: s.students[2].token,
    });
    expect(mine.body.data).toEqual([]);
  });

  it('one occurrence can be cancelled alone; "cancel the rest" cancels all later ones', async () => {
    const start = DateTime.fromISO(beforeClockChange())
      .plus({ hours: 5 })
      .toUTC()
      .toISO({ suppressMilliseconds: true })!;
    const res = await api.call('POST', '/api/v1/series', {
      tenant: 'seriesschool',
      token: s.students[1].token,
      body: {
        instructorId: s.instructor.id,
        start,
        durationMinutes: 60,
        rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4',
      },
    });
    expect(res.status).toBe(201);
    const [b0, b1, b2, b3] = res.body.bookings;
    expect(Date.parse(b1.start) - Date.parse(b0.start)).toBeGreaterThanOrEqual(14 * 86_400_000 - 3_600_000);
    await api.call('POST', `/api/v1/bookings/${b0.id}/cancel`, {
      tenant: 'seriesschool',
      token: s.students[1].token,
    });
    const rest = await api.call('POST', `/api/v1/series/${res.body.id}/cancel-rest`, {
      tenant: 'seriesschool',
      token: s.students[1].token,
      body: { from: b2.start },
    });
    expect(rest.status).toBe(200);
    expect(rest.body.cancelled.map((b: { id: string }) => b.id).sort()).toEqual([b2.id, b3.id].sort());
    const still = await api.call('GET', `/api/v1/bookings/${b1.id}`, {
      tenant: 'seriesschool',
      token: s.students[1].token,
    });
    expect(still.body.status).toBe('pending');
    // Another student cannot touch the series.
    expect(
      (
        await api.call('POST', `/api/v1/series/${res.body.id}/cancel-rest`, {
          tenant: 'seriesschool',
          token: s.students[0].token,
        })
      ).status,
    ).toBe(404);
  });

  it('refuses rules it does not support, naming the field', async () => {
    const res = await api.call('POST', '/api/v1/series', {
      tenant: 'seriesschool',
      token: s.students[0].token,
      body: {
        instructorId: s.instructor.id,
        start: beforeClockChange(),
        durationMinutes: 60,
        rrule: 'FREQ=DAILY;COUNT=3',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.rrule');
  });

  it('an unknown instructor, or another school’s, is a 404 naming body.instructorId, and nothing is written', async () => {
    for (const instructorId of ['00000000-0000-4000-8000-000000000000', other.instructor.id]) {
      const res = await api.call('POST', '/api/v1/series', {
        tenant: 'seriesschool',
        token: s.students[0].token,
        body: { instructorId, start: beforeClockChange(), durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=2' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('scheduling.instructor_not_found');
      expect(res.body.errors).toEqual([{ path: 'body.instructorId', message: expect.any(String) }]);
    }
    const [written] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from recurring_series where instructor_id = ${other.instructor.id}`;
    expect(written!.n).toBe(0);
  });

  it('a student asking for a series of another student’s lessons is a 403, and nothing is written', async () => {
    const seriesOf = async () =>
      (
        await api.tdb.owner<{ n: number }[]>`
          select count(*)::int as n from recurring_series where student_id = ${s.students[1].id}`
      )[0]!.n;
    const before = await seriesOf();
    const res = await api.call('POST', '/api/v1/series', {
      tenant: 'seriesschool',
      token: s.students[0].token,
      body: {
        instructorId: s.instructor.id,
        studentId: s.students[1].id,
        start: beforeClockChange(),
        durationMinutes: 60,
        rrule: 'FREQ=WEEKLY;COUNT=2',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(await seriesOf()).toBe(before);
  });
});
