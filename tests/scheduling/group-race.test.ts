import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudents, createGroupSchool, type GroupSchool } from './group-fixture.ts';
import { createTestApi, gridStartIn, type TestApi } from './scheduling-fixture.ts';

type Result = Awaited<ReturnType<GroupSchool['take']>>;

/**
 * Seats taken at once never overbook: requests for one session queue on its row lock (then each
 * student's lessons lock, in the order every booking path takes them), so each counts the seats
 * the previous one committed. Every refusal is a clean 409 problem; nothing is a 500 or a deadlock.
 */
describe('group seats under concurrent requests', () => {
  let api: TestApi;
  let s: GroupSchool;
  let crowd: { id: string; token: string }[];
  const CAPACITY = 6;
  beforeAll(async () => {
    api = await createTestApi();
    // The caps are not what these races are about (group-seats.test.ts tests them with seats).
    s = await createGroupSchool(api, 'groupracers', {
      capacity: CAPACITY,
      policies: { studentMaxPerDay: 20, studentMaxPerWeek: 100 },
    });
    crowd = await addStudents(api, s, 30, 'Racer');
  });
  afterAll(() => api.close());

  const bookedSeats = async (bookingId: string) =>
    (
      await api.tdb.owner<{ n: number }[]>`
        select count(*)::int as n from booking_participants where booking_id = ${bookingId} and status = 'booked'`
    )[0]!.n;

  const expectOnly = (results: Result[], ok: number, code: string) => {
    const refused = results.filter((r) => r.status !== 201);
    expect(results.length - refused.length, JSON.stringify(refused.map((r) => [r.status, r.body.code]))).toBe(
      ok,
    );
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.body.code).toBe(code);
    }
  };

  it(`30 students at once for ${CAPACITY - 1} free seats: exactly ${CAPACITY - 1} get one, the rest a 409 scheduling.group_full`, async () => {
    const session = await s.open(s.students[0]!, gridStartIn(50));
    const started = performance.now();
    const results = await Promise.all(crowd.map((who) => s.take(session.id, who.token)));
    const ms = performance.now() - started;
    expectOnly(results, CAPACITY - 1, 'scheduling.group_full');
    expect(await bookedSeats(session.id)).toBe(CAPACITY);
    const view = await s.call('GET', `/api/v1/bookings/${session.id}`, s.ownerToken);
    expect(view.body.seats.booked).toBe(CAPACITY);
    // Figures for the report (30 requests on the in-process API over one PostgreSQL).
    console.info(`group race: 30 parallel seat requests answered in ${ms.toFixed(0)} ms`);
  });

  it('seats given up and taken at the same time still never exceed the capacity', async () => {
    const session = await s.open(s.students[0]!, gridStartIn(54));
    const firstFive = crowd.slice(0, CAPACITY - 1);
    for (const who of firstFive) expect((await s.take(session.id, who.token)).status).toBe(201);
    // Three holders leave while twenty others try to join: at most three of them can get in.
    const [leaves, joins] = await Promise.all([
      Promise.all(firstFive.slice(0, 3).map((who) => s.leave(session.id, who.id, who.token))),
      Promise.all(crowd.slice(10, 30).map((who) => s.take(session.id, who.token))),
    ]);
    for (const r of leaves) expect(r.status).toBe(200);
    const joined = joins.filter((r) => r.status === 201).length;
    expect(joined).toBeLessThanOrEqual(3);
    for (const r of joins.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('scheduling.group_full');
    }
    expect(await bookedSeats(session.id)).toBe(CAPACITY - 3 + joined);
    expect(await bookedSeats(session.id)).toBeLessThanOrEqual(CAPACITY);
  });

  it('one student racing into two overlapping sessions (two instructors) gets one seat; the other is a clean student_busy', async () => {
    const start = gridStartIn(60);
    const a = await s.open(s.students[1]!, start);
    const b = await s.open(s.students[2]!, start, { instructorId: s.otherInstructor.id });
    const racers = crowd.slice(20, 30);
    const results = await Promise.all(
      racers.flatMap((who) => [s.take(a.id, who.token), s.take(b.id, who.token)]),
    );
    for (let i = 0; i < racers.length; i++) {
      const pair = [results[2 * i]!, results[2 * i + 1]!];
      // Each student: at most one seat, whatever the other racers did.
      expect(pair.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);
      for (const r of pair.filter((r) => r.status !== 201)) {
        expect(r.status).toBe(409);
        expect(['scheduling.student_busy', 'scheduling.group_full']).toContain(r.body.code);
      }
    }
    const doubled = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from (
        select student_id from booking_participants
         where booking_id in (${a.id}, ${b.id}) and status = 'booked'
         group by student_id having count(*) > 1) d`;
    expect(doubled[0]!.n).toBe(0);
    expect(await bookedSeats(a.id)).toBeLessThanOrEqual(CAPACITY);
    expect(await bookedSeats(b.id)).toBeLessThanOrEqual(CAPACITY);
  });

  it('bookings over the session’s time racing with its seats: the instructor is never double-booked, no deadlock', async () => {
    const start = gridStartIn(66);
    const session = await s.open(s.students[0]!, start);
    const results = await Promise.all([
      ...crowd.slice(0, 8).map((who) => s.take(session.id, who.token)),
      ...crowd.slice(8, 14).map((who) =>
        s.call('POST', '/api/v1/bookings', who.token, {
          instructorId: s.instructor.id,
          start,
          durationMinutes: 60,
        }),
      ),
    ]);
    const seats = results.slice(0, 8);
    const lessons = results.slice(8);
    expect(seats.filter((r) => r.status === 201).length).toBe(CAPACITY - 1);
    for (const r of lessons) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('scheduling.slot_taken');
    }
    const overlapping = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from bookings
       where instructor_id = ${s.instructor.id} and status in ('pending', 'confirmed')
         and tstzrange(starts_at, ends_at) && tstzrange(${start}::timestamptz, ${start}::timestamptz + interval '1 hour')`;
    expect(overlapping[0]!.n).toBe(1);
  });
});
