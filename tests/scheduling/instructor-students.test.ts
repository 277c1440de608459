import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

type Row = { id: string; assigned: boolean; primary: boolean; lessonsTaught: number; nextLesson: unknown };

// GET /api/v1/instructors/{id}/students: the instructor's own students (assigned or booked with them).
describe("an instructor's students", () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let other: SchedulingSchool;
  const call = (method: string, path: string, token: string, body?: unknown, tenant = 'rosterschool') =>
    api.call(method, path, { tenant, token, ...(body ? { body } : {}) });
  const book = async (studentToken: string, instructorId: string, daysAhead: number) => {
    const res = await call('POST', '/api/v1/bookings', studentToken, {
      instructorId,
      start: startAhead(s.timezone, daysAhead, '10:00'),
      durationMinutes: 60,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'rosterschool', { policies: { minimumNoticeHours: 0 } });
    other = await createSchedulingSchool(api, 'rosterother');
    const [sam, sue, sid] = s.students;
    // Sam: assigned (primary) to Ian, nothing booked. Sue: two lessons with Ian, one taught.
    // Sid: a lesson with Olga only, and one Ian rejected (which never happened).
    expect(
      (
        await call('PUT', `/api/v1/students/${sam.id}/instructors`, s.ownerToken, {
          instructorIds: [s.instructor.id],
          primaryInstructorId: s.instructor.id,
        })
      ).status,
    ).toBe(200);
    const taught = await book(sue.token, s.instructor.id, 2);
    expect((await call('POST', `/api/v1/bookings/${taught}/confirm`, s.instructor.token)).status).toBe(200);
    await api.tdb.owner`
      update bookings set starts_at = now() - interval '61 minutes', ends_at = now() - interval '1 minute'
      where id = ${taught}`;
    expect((await call('POST', `/api/v1/bookings/${taught}/complete`, s.instructor.token)).status).toBe(200);
    await book(sue.token, s.instructor.id, 3);
    await book(sid.token, s.otherInstructor.id, 4);
    const rejected = await book(sid.token, s.instructor.id, 5);
    expect((await call('POST', `/api/v1/bookings/${rejected}/reject`, s.instructor.token)).status).toBe(200);
  });
  afterAll(() => api.close());

  it('lists the assigned and booked students with the next lesson and lessons taught, soonest first', async () => {
    const res = await call('GET', `/api/v1/instructors/${s.instructor.id}/students`, s.instructor.token);
    expect(res.status).toBe(200);
    const rows = res.body.data as Row[];
    expect(rows.map((r) => r.id)).toEqual([s.students[1].id, s.students[0].id]);
    expect(rows[0]).toMatchObject({
      assigned: false,
      lessonsTaught: 1,
      nextLesson: { start: startAhead(s.timezone, 3, '10:00').replace('Z', '.000Z'), status: 'pending' },
    });
    expect(rows[1]).toMatchObject({ assigned: true, primary: true, lessonsTaught: 0, nextLesson: null });
    // Staff see the same list.
    const byOwner = await call('GET', `/api/v1/instructors/${s.instructor.id}/students`, s.ownerToken);
    expect(byOwner.body.data).toEqual(rows);
    // Olga sees only her own student.
    const olga = await call(
      'GET',
      `/api/v1/instructors/${s.otherInstructor.id}/students`,
      s.otherInstructor.token,
    );
    expect((olga.body.data as Row[]).map((r) => r.id)).toEqual([s.students[2].id]);
  });

  it('another instructor or a student is refused; another school finds no such instructor', async () => {
    const path = `/api/v1/instructors/${s.instructor.id}/students`;
    expect((await call('GET', path, s.otherInstructor.token)).status).toBe(403);
    expect((await call('GET', path, s.students[1].token)).status).toBe(403);
    const cross = await call('GET', path, other.ownerToken, undefined, 'rosterother');
    expect(cross.status).toBe(404);
    expect(JSON.stringify(cross.body)).not.toContain(s.students[1].email);
    expect((await call('GET', '/api/v1/instructors/not-an-id/students', s.ownerToken)).status).toBe(400);
  });
});
