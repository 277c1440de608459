import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupSchool, type GroupSchool } from '../scheduling/group-fixture.ts';
import { createTestApi, gridStartIn, type TestApi } from '../scheduling/scheduling-fixture.ts';
import { dispatchLessons } from './lessons-fixture.ts';

/**
 * A taught group session becomes one lesson per student taught, each recorded on its own; a
 * participant marked no-show, or who gave their seat up, gets none.
 */
describe('lessons from group sessions', () => {
  let api: TestApi;
  let s: GroupSchool;
  let lucy: { id: string; token: string };
  beforeAll(async () => {
    api = await createTestApi();
    s = await createGroupSchool(api, 'grouplessons', { capacity: 5 });
    lucy = await api.addPerson('grouplessons', s.ownerToken, 'students', 'Leaving Lucy');
  });
  afterAll(() => api.close());

  const sam = () => s.students[0];
  const sue = () => s.students[1];
  const sid = () => s.students[2];

  /** Sam, Sue, Sid and Lucy in a session; Lucy leaves, Sid does not turn up; it is taught. */
  async function teachSession() {
    const session = await s.open(sam(), gridStartIn(72));
    for (const who of [sue(), sid(), lucy]) expect((await s.take(session.id, who.token)).status).toBe(201);
    expect((await s.leave(session.id, lucy.id, lucy.token)).status).toBe(200);
    expect((await s.call('POST', `/api/v1/bookings/${session.id}/confirm`, s.instructor.token)).status).toBe(
      200,
    );
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '90 minutes', ends_at = now() - interval '30 minutes' where id = ${session.id}`;
    const noShow = await s.call(
      'POST',
      `/api/v1/bookings/${session.id}/participants/${sid().id}/no-show`,
      s.instructor.token,
    );
    expect(noShow.status).toBe(200);
    expect((await s.call('POST', `/api/v1/bookings/${session.id}/complete`, s.instructor.token)).status).toBe(
      200,
    );
    await dispatchLessons(api);
    return session;
  }

  const lessonsOf = async (bookingId: string) =>
    api.tdb.owner<{ id: string; student_id: string; minutes: number }[]>`
      select id, student_id, minutes from lessons where booking_id = ${bookingId} order by student_id`;

  it('each student taught gets their own lesson row; the no-show and the seat given up get none', async () => {
    const session = await teachSession();
    const rows = await lessonsOf(session.id);
    expect(rows.map((r) => r.student_id).sort()).toEqual([sam().id, sue().id].sort());
    expect(rows.every((r) => r.minutes === 60)).toBe(true);
    // A redelivered booking.completed adds nothing.
    await api.tdb.owner`delete from outbox_deliveries where handler = 'lessons.create-from-booking'`;
    await api.tdb
      .owner`update outbox_events set dispatched_at = null where type = 'booking.completed' and payload->>'bookingId' = ${session.id}`;
    await dispatchLessons(api);
    expect(await lessonsOf(session.id)).toHaveLength(2);
  });

  it('each lesson has its own record; a participant reads their own lesson, not another’s', async () => {
    const session = await teachSession();
    const rows = await lessonsOf(session.id);
    const samLesson = rows.find((r) => r.student_id === sam().id)!.id;
    const sueLesson = rows.find((r) => r.student_id === sue().id)!.id;
    const syllabus = await s.call('GET', '/api/v1/syllabus', s.ownerToken);
    const [k1, k2] = syllabus.body.categories.flatMap((c: { skills: { id: string }[] }) => c.skills);
    const record = (lessonId: string, skillId: string, level: number) =>
      s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
        entries: [{ skillId, level }],
      });
    expect((await record(samLesson, k1.id, 3)).status).toBe(200);
    expect((await record(sueLesson, k2.id, 2)).status).toBe(200);

    const mine = await s.call('GET', `/api/v1/lessons/${samLesson}`, sam().token);
    expect(mine.status).toBe(200);
    expect(mine.body.entries).toEqual([expect.objectContaining({ skillId: k1.id, level: 3 })]);
    expect((await s.call('GET', `/api/v1/lessons/${sueLesson}`, sam().token)).status).toBe(404);
    expect((await s.call('GET', `/api/v1/lessons/${samLesson}`, sid().token)).status).toBe(404);
    const progress = await api.tdb.owner<{ student_id: string; skill_id: string; level: number }[]>`
      select student_id, skill_id, level from student_progress where student_id in (${sam().id}, ${sue().id})
        and skill_id in (${k1.id}, ${k2.id})`;
    expect(progress.map((p) => [p.student_id, p.skill_id, p.level]).sort()).toEqual(
      [
        [sam().id, k1.id, 3],
        [sue().id, k2.id, 2],
      ].sort(),
    );
  });
});
