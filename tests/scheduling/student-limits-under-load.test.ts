import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

/**
 * A student's caps hold however many requests arrive at once. The requests go to ten different
 * instructors at ten different times, so no instructor's diary and no exclusion constraint stands
 * between them: only the student's own limits can refuse them.
 */
describe('student limits under concurrent booking', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let instructors: { id: string }[];
  beforeAll(async () => {
    api = await createTestApi();
    // School defaults: at most 2 lessons a day and 6 a week per student.
    s = await createSchedulingSchool(api, 'capschool');
    const weekly = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
      day,
      start: '09:00',
      end: '17:00',
    }));
    const more = [];
    for (let i = 0; i < 8; i++) {
      const who = await api.addPerson('capschool', s.ownerToken, 'instructors', `Cap Instructor ${i}`);
      const hours = await api.call('PUT', `/api/v1/instructors/${who.id}/availability`, {
        tenant: 'capschool',
        token: s.ownerToken,
        body: { timezone: 'Europe/London', weekly },
      });
      expect(hours.status).toBe(200);
      more.push(who);
    }
    instructors = [s.instructor, s.otherInstructor, ...more];
  });
  afterAll(() => api.close());

  /** Twenty 15-minute lessons for one student at distinct starts, all sent at once. */
  const bookAll = (token: string, starts: string[]) =>
    Promise.all(
      starts.map((start, i) =>
        api.call('POST', '/api/v1/bookings', {
          tenant: 'capschool',
          token,
          body: { instructorId: instructors[i % instructors.length]!.id, start, durationMinutes: 15 },
        }),
      ),
    );

  const expectOnlyLimitRefusals = (results: Awaited<ReturnType<typeof bookAll>>, cap: number) => {
    const refused = results.filter((r) => r.status !== 201);
    expect(results.length - refused.length, JSON.stringify(refused.map((r) => r.body.code))).toBe(cap);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('scheduling.student_limit');
    }
    return refused;
  };

  it('20 parallel requests for one day: exactly the daily cap is booked, the rest are refused as the student’s limit', async () => {
    const student = s.students[0];
    const starts = Array.from({ length: 20 }, (_, i) =>
      startAhead(
        'Europe/London',
        3,
        DateTime.fromObject({ hour: 9 })
          .plus({ minutes: 15 * i })
          .toFormat('HH:mm'),
      ),
    );
    const refused = expectOnlyLimitRefusals(await bookAll(student.token, starts), 2);
    expect(refused.every((r) => r.body.limit === 'studentMaxPerDay' && r.body.value === 2)).toBe(true);
    const stored = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from bookings where student_id = ${student.id} and status in ('pending', 'confirmed')`;
    expect(stored[0]!.n).toBe(2);
  });

  it('20 parallel requests over one week: exactly the weekly cap is booked', async () => {
    const student = s.students[1];
    // Monday of the week after next: every day of it is past the notice period and inside the horizon.
    const monday = DateTime.now().setZone('Europe/London').startOf('week').plus({ weeks: 2 });
    const starts = Array.from(
      { length: 20 },
      (_, i) =>
        monday
          .plus({ days: i % 7 })
          .set({ hour: 9 + Math.floor(i / 7), minute: 0 })
          .toUTC()
          .toISO({ suppressMilliseconds: true })!,
    );
    const refused = expectOnlyLimitRefusals(await bookAll(student.token, starts), 6);
    expect(refused.some((r) => r.body.limit === 'studentMaxPerWeek')).toBe(true);
  });
});
