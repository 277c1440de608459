import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingBody, createGroupSchool, type GroupSchool } from './group-fixture.ts';
import { createTestApi, gridStartIn, startAhead, type TestApi } from './scheduling-fixture.ts';

/**
 * Group sessions: one booking (one row holding the instructor) with seats for several students.
 * The first student's booking opens it; others take and give up seats; the school's rules apply
 * to each student on their own.
 */
describe('group sessions and seats', () => {
  let api: TestApi;
  let s: GroupSchool;
  let other: GroupSchool;
  let hour = 0;
  /** A fresh start for every session, far enough ahead that giving up a seat is free (72 h+). */
  const nextStart = () => gridStartIn(80 + 2 * hour++);
  beforeAll(async () => {
    api = await createTestApi();
    // Sessions in these tests pile up on a few students: the caps get their own test below.
    const policies = { studentMaxPerDay: 20, studentMaxPerWeek: 100 };
    s = await createGroupSchool(api, 'groupschool', { capacity: 3, policies });
    other = await createGroupSchool(api, 'groupother', { capacity: 3, policies });
  });
  afterAll(() => api.close());

  const sam = () => s.students[0];
  const sue = () => s.students[1];
  const sid = () => s.students[2];

  it('the first student’s booking opens a session: one booking row, their lead seat, the capacity from the type', async () => {
    const session = await s.open(sam(), nextStart());
    expect(session).toMatchObject({ capacity: 3, studentId: sam().id, priceMinor: 3000 });
    expect(session.seats).toEqual({
      booked: 1,
      participants: [expect.objectContaining({ studentId: sam().id, status: 'booked' })],
    });
    const rows = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from bookings where id = ${session.id}`;
    expect(rows[0]!.n).toBe(1);
  });

  it('students take seats; each sees only their own seat and the count, the instructor and the office see every seat', async () => {
    const session = await s.open(sam(), nextStart());
    const took = await s.take(session.id, sue().token);
    expect(took.status).toBe(201);
    expect(took.body.seats).toEqual({
      booked: 2,
      participants: [expect.objectContaining({ studentId: sue().id, status: 'booked' })],
    });
    // The office books a seat for a student.
    expect((await s.take(session.id, s.ownerToken, sid().id)).status).toBe(201);

    const asSue = await s.call('GET', `/api/v1/bookings/${session.id}`, sue().token);
    expect(asSue.status).toBe(200);
    expect(asSue.body.seats.booked).toBe(3);
    expect(asSue.body.seats.participants.map((p: { studentId: string }) => p.studentId)).toEqual([sue().id]);
    const asInstructor = await s.call('GET', `/api/v1/bookings/${session.id}`, s.instructor.token);
    expect(asInstructor.body.seats.participants.map((p: { studentId: string }) => p.studentId)).toEqual([
      sam().id,
      sue().id,
      sid().id,
    ]);
    // Sue's list of bookings holds the session (she is not its lead).
    const mine = await s.call('GET', '/api/v1/bookings', sue().token);
    expect(mine.body.data.map((b: BookingBody) => b.id)).toContain(session.id);
    // Taking a second seat, or a seat in a full session, is refused cleanly.
    const again = await s.take(session.id, sue().token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('scheduling.already_seated');
    const extra = await api.addPerson('groupschool', s.ownerToken, 'students', 'Late Lucy');
    const full = await s.take(session.id, extra.token);
    expect(full.status).toBe(409);
    expect(full.headers.get('content-type')).toContain('application/problem+json');
    expect(full.body).toMatchObject({ code: 'scheduling.group_full', capacity: 3 });
  });

  it('the session holds the instructor like any lesson: the exclusion constraint refuses another booking over it', async () => {
    const start = nextStart();
    const session = await s.open(sam(), start);
    await s.take(session.id, sue().token);
    const clash = await s.call('POST', '/api/v1/bookings', s.ownerToken, {
      instructorId: s.instructor.id,
      studentId: sid().id,
      start,
      durationMinutes: 60,
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('scheduling.slot_taken');
    // Straight into PostgreSQL, past every application check: the constraint itself refuses.
    await expect(
      api.tdb
        .owner`insert into bookings (tenant_id, instructor_id, student_id, starts_at, ends_at, status, currency)
        values (${s.tenant.id}, ${s.instructor.id}, ${sid().id}, ${start}, ${new Date(Date.parse(start) + 1_800_000).toISOString()}, 'pending', 'GBP')`,
    ).rejects.toMatchObject({ code: '23P01', constraint_name: 'bookings_instructor_no_overlap' });
  });

  it('a seat holder is busy at that time: their other lessons and seats cannot overlap it', async () => {
    const start = nextStart();
    const session = await s.open(sam(), start);
    expect((await s.take(session.id, sue().token)).status).toBe(201);
    // Sue (not the lead, so no exclusion constraint names her) books another instructor at that time.
    const elsewhere = await s.call('POST', '/api/v1/bookings', sue().token, {
      instructorId: s.otherInstructor.id,
      start,
      durationMinutes: 60,
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('scheduling.student_busy');
    // Nor can she sit in a second session at the same time.
    const second = await s.open(sid(), start, { instructorId: s.otherInstructor.id });
    const twice = await s.take(second.id, sue().token);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('scheduling.student_busy');
  });

  it('seats count towards a student’s daily cap', async () => {
    const capped = await createGroupSchool(api, 'groupcaps', {
      capacity: 4,
      policies: { studentMaxPerDay: 1 },
    });
    const day = startAhead('Europe/London', 5, '09:00');
    const later = startAhead('Europe/London', 5, '12:00');
    const first = await capped.open(capped.students[0]!, day);
    expect((await capped.take(first.id, capped.students[1]!.token)).status).toBe(201);
    const second = await capped.open(capped.students[2]!, later, { instructorId: capped.otherInstructor.id });
    const over = await capped.take(second.id, capped.students[1]!.token);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({
      code: 'scheduling.student_limit',
      limit: 'studentMaxPerDay',
      value: 1,
    });
    // And the other way round: her seat stops her booking a lesson that day.
    const lesson = await capped.call('POST', '/api/v1/bookings', capped.students[1]!.token, {
      instructorId: capped.otherInstructor.id,
      start: startAhead('Europe/London', 5, '14:00'),
      durationMinutes: 60,
    });
    expect(lesson.status).toBe(409);
    expect(lesson.body.code).toBe('scheduling.student_limit');
  });

  it('giving up a seat: the lead passes on, the old lead is free at that time, the last seat cancels the session', async () => {
    const start = nextStart();
    const session = await s.open(sam(), start);
    await s.take(session.id, sue().token);
    const left = await s.leave(session.id, sam().id, sam().token);
    expect(left.status).toBe(200);
    expect(left.body.studentId).toBe(sue().id);
    expect(left.body.seats.participants).toEqual([
      expect.objectContaining({ studentId: sam().id, status: 'cancelled', cancellationFeeMinor: 0 }),
    ]);
    // Sam still sees the session he left (his seat's history), not Sue's seat.
    const asSam = await s.call('GET', `/api/v1/bookings/${session.id}`, sam().token);
    expect(asSam.status).toBe(200);
    expect(asSam.body.seats.participants).toHaveLength(1);
    // Sam is free then again: he books another instructor at that very time.
    const rebook = await s.call('POST', '/api/v1/bookings', sam().token, {
      instructorId: s.otherInstructor.id,
      start,
      durationMinutes: 60,
    });
    expect(rebook.status).toBe(201);
    // Sue gives up the last seat: the session is cancelled and the instructor is free.
    const last = await s.leave(session.id, sue().id, sue().token);
    expect(last.status).toBe(200);
    expect(last.body.status).toBe('cancelled');
    const again = await s.leave(session.id, sue().id, sue().token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('scheduling.seat_not_booked');
    const freed = await s.call('POST', '/api/v1/bookings', s.ownerToken, {
      instructorId: s.instructor.id,
      studentId: sid().id,
      start,
      durationMinutes: 60,
    });
    expect(freed.status).toBe(201);
  });

  it('a seat given up late costs that student alone the school’s fee on the seat price', async () => {
    const session = await s.open(sam(), gridStartIn(30));
    await s.take(session.id, sue().token);
    await s.take(session.id, sid().token);
    expect((await s.call('POST', `/api/v1/bookings/${session.id}/confirm`, s.instructor.token)).status).toBe(
      200,
    );
    const quote = await s.call('GET', `/api/v1/bookings/${session.id}/cancellation`, sue().token);
    expect(quote.body).toMatchObject({ cancellable: true, feeMinor: 1500, feePercent: 50 });
    const left = await s.leave(session.id, sue().id, sue().token);
    expect(left.body.seats.participants[0]).toMatchObject({
      status: 'cancelled',
      cancellationFeeMinor: 1500,
    });
    // The instructor lets Sid go free of charge; the others' seats stay booked.
    const let_go = await s.leave(session.id, sid().id, s.instructor.token);
    expect(let_go.body.seats.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ studentId: sid().id, status: 'cancelled', cancellationFeeMinor: 0 }),
        expect.objectContaining({ studentId: sam().id, status: 'booked' }),
      ]),
    );
    const events = await api.tdb.owner<{ payload: { studentId: string; feeMinor: number } }[]>`
      select payload from outbox_events where type = 'booking.seat_released' and payload->>'bookingId' = ${session.id}
      order by created_at`;
    expect(events.map((e) => [e.payload.studentId, e.payload.feeMinor])).toEqual([
      [sue().id, 1500],
      [sid().id, 0],
    ]);
  });

  it('a student cannot cancel a whole session, nor move it; the instructor cancels it and every seat goes', async () => {
    const session = await s.open(sam(), nextStart());
    await s.take(session.id, sue().token);
    const cancel = await s.call('POST', `/api/v1/bookings/${session.id}/cancel`, sam().token);
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('scheduling.group_leave_seat');
    const move = await s.call('POST', `/api/v1/bookings/${session.id}/reschedule`, s.ownerToken, {
      start: nextStart(),
    });
    expect(move.status).toBe(409);
    expect(move.body.code).toBe('scheduling.group_reschedule');
    const off = await s.call('POST', `/api/v1/bookings/${session.id}/cancel`, s.instructor.token);
    expect(off.status).toBe(200);
    expect(off.body.seats.participants.map((p: { status: string }) => p.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    const released = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from outbox_events
       where type = 'booking.seat_released' and payload->>'bookingId' = ${session.id}
         and payload->>'reason' = 'session_cancelled'`;
    expect(released[0]!.n).toBe(2);
  });

  it('open sessions are listed with their seats left; a full one only to those in it', async () => {
    const start = nextStart();
    const session = await s.open(sam(), start);
    const listed = async (token: string) =>
      (await s.call('GET', `/api/v1/group-sessions?from=${encodeURIComponent(start)}`, token)).body.data.find(
        (g: { bookingId: string }) => g.bookingId === session.id,
      );
    expect(await listed(sid().token)).toMatchObject({
      seatsLeft: 2,
      capacity: 3,
      joined: false,
      title: 'Motorway group session',
      priceMinor: 3000,
    });
    await s.take(session.id, sue().token);
    await s.take(session.id, sid().token);
    const outsider = await api.addPerson('groupschool', s.ownerToken, 'students', 'Outside Olive');
    expect(await listed(outsider.token)).toBeUndefined();
    expect(await listed(sid().token)).toMatchObject({ seatsLeft: 0, joined: true });
    // The list names no participants, not even to those in the session.
    expect(Object.keys(await listed(sid().token))).not.toContain('seats');
    expect(JSON.stringify(await listed(sid().token))).not.toContain(sue().id);
  });

  it('a participant’s no-show is marked by the instructor after the grace minutes, not by a student', async () => {
    const session = await s.open(sam(), nextStart());
    await s.take(session.id, sue().token);
    await s.call('POST', `/api/v1/bookings/${session.id}/confirm`, s.instructor.token);
    const early = await s.call(
      'POST',
      `/api/v1/bookings/${session.id}/participants/${sue().id}/no-show`,
      s.instructor.token,
    );
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('scheduling.too_early');
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '30 minutes', ends_at = now() + interval '30 minutes' where id = ${session.id}`;
    const bySam = await s.call(
      'POST',
      `/api/v1/bookings/${session.id}/participants/${sue().id}/no-show`,
      sam().token,
    );
    expect(bySam.status).toBe(404);
    const marked = await s.call(
      'POST',
      `/api/v1/bookings/${session.id}/participants/${sue().id}/no-show`,
      s.instructor.token,
    );
    expect(marked.status).toBe(200);
    expect(
      marked.body.seats.participants.find((p: { studentId: string }) => p.studentId === sue().id).status,
    ).toBe('no_show');
    // Completing the session marks the seats still booked as attended; the no-show stays one.
    const done = await s.call('POST', `/api/v1/bookings/${session.id}/complete`, s.instructor.token);
    expect(done.status).toBe(200);
    expect(
      done.body.seats.participants.map((p: { studentId: string; status: string }) => [p.studentId, p.status]),
    ).toEqual([
      [sam().id, 'attended'],
      [sue().id, 'no_show'],
    ]);
    // The completion names everyone who attended (analytics credits each seat holder), not the no-show.
    const [completed] = await api.tdb.owner<{ payload: { studentId: string; seatStudentIds: string[] } }[]>`
      select payload from outbox_events where type = 'booking.completed' and payload->>'bookingId' = ${session.id}`;
    expect(completed!.payload.seatStudentIds).toEqual([sam().id]);
  });

  describe('isolation', () => {
    it('another school sees no session, cannot take a seat in it or give one up', async () => {
      const session = await s.open(sam(), nextStart());
      for (const token of [other.ownerToken, other.students[0]!.token]) {
        expect((await other.call('GET', `/api/v1/bookings/${session.id}`, token)).status).toBe(404);
        expect((await other.take(session.id, token)).status).toBe(404);
        expect((await other.leave(session.id, sam().id, token)).status).toBe(404);
        const list = await other.call('GET', '/api/v1/group-sessions', token);
        expect(list.body.data.map((g: { bookingId: string }) => g.bookingId)).not.toContain(session.id);
      }
      // Its own student id, named in the other school's request, is not found either.
      expect((await other.take(session.id, other.ownerToken, other.students[0]!.id)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/bookings/${session.id}`, sam().token)).body.seats.booked).toBe(1);
    });

    it('a student cannot take a seat for another, give up another’s seat or mark another’s no-show', async () => {
      const session = await s.open(sam(), nextStart());
      const forSue = await s.take(session.id, sid().token, sue().id);
      expect(forSue.status).toBe(403);
      const takeSam = await s.leave(session.id, sam().id, sid().token);
      expect(takeSam.status).toBe(404);
      expect(takeSam.body.code).toBe('scheduling.seat_not_found');
      const seen = await s.call('GET', `/api/v1/bookings/${session.id}`, s.ownerToken);
      expect(seen.body.seats).toMatchObject({ booked: 1 });
      // Sid, who holds no seat, does not see the session's booking (only the open-session list).
      expect((await s.call('GET', `/api/v1/bookings/${session.id}`, sid().token)).status).toBe(404);
    });

    it('a guardian (of a participant or of another learner) sees no session and can take or give up no seat', async () => {
      const session = await s.open(sam(), nextStart());
      expect((await s.take(session.id, sue().token)).status).toBe(201);
      const guardian = await api.addPerson('groupschool', s.ownerToken, 'students', 'Guardian Gwen');
      await api.tdb
        .owner`insert into user_roles (tenant_id, user_id, role) values (${s.tenant.id}, ${guardian.userId}, 'guardian')`;
      await api.tdb.owner`delete from user_roles where user_id = ${guardian.userId} and role = 'student'`;
      const link = await s.call('POST', `/api/v1/students/${sue().id}/guardians`, s.ownerToken, {
        userId: guardian.userId,
        relationship: 'parent',
      });
      expect(link.status).toBe(201);
      expect((await s.call('GET', `/api/v1/bookings/${session.id}`, guardian.token)).status).toBe(404);
      expect((await s.take(session.id, guardian.token, sue().id)).status).toBe(404);
      expect((await s.leave(session.id, sue().id, guardian.token)).status).toBe(404);
      expect((await s.leave(session.id, sam().id, guardian.token)).status).toBe(404);
      expect((await s.call('GET', '/api/v1/group-sessions', guardian.token)).status).toBe(403);
      const seats = await s.call('GET', `/api/v1/bookings/${session.id}`, s.ownerToken);
      expect(seats.body.seats.participants.map((p: { status: string }) => p.status)).toEqual([
        'booked',
        'booked',
      ]);
    });

    it('a one-seat lesson is not a session anyone can join', async () => {
      const lesson = await s.call('POST', '/api/v1/bookings', sam().token, {
        instructorId: s.instructor.id,
        start: nextStart(),
        durationMinutes: 60,
      });
      expect(lesson.body.capacity).toBe(1);
      expect(lesson.body.seats).toBeUndefined();
      expect((await s.take(lesson.body.id, sue().token)).status).toBe(404);
      const byOffice = await s.take(lesson.body.id, s.ownerToken, sue().id);
      expect(byOffice.status).toBe(409);
      expect(byOffice.body.code).toBe('scheduling.not_a_group_session');
    });
  });
});
