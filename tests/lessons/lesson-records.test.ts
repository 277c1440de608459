import { systemActor } from '@dualcontrol/db';
import { lessonsEvents } from '@dualcontrol/lessons';
import { emitEvent } from '@dualcontrol/platform';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLessonsSchool,
  createTestApi,
  dispatchLessons,
  type LessonsSchool,
  type TestApi,
} from './lessons-fixture.ts';

describe('lesson records', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let other: LessonsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'records');
    other = await createLessonsSchool(api, 'recordsb');
  });
  afterAll(() => api.close());

  const outbox = (type: string, lessonId: string) =>
    api.tdb.owner<{ payload: Record<string, unknown> }[]>`
      select payload from outbox_events where type = ${type} and payload->>'lessonId' = ${lessonId} order by id`;

  it('a completed booking becomes one lesson, once, however often its event is delivered', async () => {
    const bookingId = await s.teach(s.students[0]!, { minutes: 90 });
    await dispatchLessons(api);
    await dispatchLessons(api);
    // The same fact again, as a second event (a retried transition, a replayed outbox row).
    const [b] = await api.tdb.owner<
      { tenant_id: string; instructor_id: string; student_id: string; starts_at: Date; ends_at: Date }[]
    >`
      select tenant_id, instructor_id, student_id, starts_at, ends_at from bookings where id = ${bookingId}`;
    await api.tdb.db.withTenant(b!.tenant_id, systemActor, (tx) =>
      emitEvent(tx, b!.tenant_id, schedulingEvents['booking.completed'], {
        bookingId,
        instructorId: b!.instructor_id,
        studentId: b!.student_id,
        start: b!.starts_at.toISOString(),
        end: b!.ends_at.toISOString(),
        status: 'completed',
        previousStatus: 'in_progress',
      }),
    );
    await dispatchLessons(api);
    const rows = await api.tdb.owner<{ minutes: number; student_id: string; recorded_at: Date | null }[]>`
      select minutes, student_id, recorded_at from lessons where booking_id = ${bookingId}`;
    expect(rows).toEqual([{ minutes: 90, student_id: s.students[0]!.id, recorded_at: null }]);
    // The school had no syllabus: the first lesson installed its template (UK: a London school).
    const skills = await s.skills();
    expect(skills).toHaveLength(27);
    expect(skills.every((k) => k.templateKey?.startsWith('uk/'))).toBe(true);
  });

  it('the instructor records all 27 skills at once; progress and events follow in the same transaction', async () => {
    const lessonId = await s.lesson(s.students[1]!);
    const skills = await s.skills();
    const entries = skills.map((k, i) => ({
      skillId: k.id,
      level: (i % 5) + 1,
      ...(i === 0 ? { note: 'Good checks' } : {}),
    }));
    const res = await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
      entries,
      notes: 'First lesson',
      nightMinutes: 20,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: lessonId, nightMinutes: 20, notes: 'First lesson' });
    expect(res.body.changes).toHaveLength(27);
    expect(Date.parse(res.body.editableUntil) - Date.parse(res.body.recordedAt)).toBe(48 * 3_600_000);

    const progress = await api.tdb.owner<
      { skill_id: string; level: number; times_practised: number; previous_level: number | null }[]
    >`
      select skill_id, level, times_practised, previous_level from student_progress where student_id = ${s.students[1]!.id}`;
    expect(progress).toHaveLength(27);
    expect(progress.find((p) => p.skill_id === skills[3]!.id)).toMatchObject({
      level: 4,
      times_practised: 1,
      previous_level: null,
    });

    expect(await outbox(lessonsEvents['lesson.recorded'].type, lessonId)).toEqual([
      {
        payload: expect.objectContaining({
          lessonId,
          entries: 27,
          edit: false,
          studentId: s.students[1]!.id,
        }),
      },
    ]);
    expect(await outbox(lessonsEvents['skill.level_changed'].type, lessonId)).toHaveLength(27);

    const read = await s.call('GET', `/api/v1/lessons/${lessonId}`, s.students[1]!.token);
    expect(read.status).toBe(200);
    expect(read.body.entries).toHaveLength(27);
    expect(read.body.entries[0]).toMatchObject({ skillId: skills[0]!.id, level: 1, note: 'Good checks' });
  });

  it('an edit within the window replaces the record: changed and removed skills move the read model; edits are audited', async () => {
    const student = s.students[2]!;
    const [k1, k2, k3] = await s.skills();
    const older = await s.lesson(student, { daysAgo: 3 });
    const newer = await s.lesson(student, { daysAgo: 1 });
    const put = (lessonId: string, entries: { skillId: string; level: number }[]) =>
      s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, { entries });
    expect(
      (
        await put(older, [
          { skillId: k1!.id, level: 2 },
          { skillId: k2!.id, level: 2 },
        ])
      ).status,
    ).toBe(200);
    expect((await put(newer, [{ skillId: k1!.id, level: 3 }])).status).toBe(200);
    const level = async (skillId: string) =>
      (
        await api.tdb.owner<{ level: number; previous_level: number | null; times_practised: number }[]>`
          select level, previous_level, times_practised from student_progress where student_id = ${student.id} and skill_id = ${skillId}`
      )[0];
    expect(await level(k1!.id)).toEqual({ level: 3, previous_level: 2, times_practised: 2 });

    // Editing the older lesson: k1 stays at the newer lesson's level; k2 removed; k3 added.
    const edit = await put(older, [
      { skillId: k1!.id, level: 1 },
      { skillId: k3!.id, level: 4 },
    ]);
    expect(edit.status).toBe(200);
    expect(edit.body.changes).toEqual(
      expect.arrayContaining([
        { skillId: k2!.id, from: 2, to: null },
        { skillId: k3!.id, from: null, to: 4 },
      ]),
    );
    expect(edit.body.changes).toHaveLength(2);
    expect(await level(k1!.id)).toEqual({ level: 3, previous_level: 1, times_practised: 2 });
    expect(await level(k2!.id)).toBeUndefined();
    expect((await outbox('lesson.recorded', older)).map((r) => r.payload.edit)).toEqual([false, true]);

    const audit = await api.tdb.owner<{ action: string; actor_id: string; changed_columns: string[] }[]>`
      select a.action, a.actor_id, a.changed_columns from audit_logs a
        join lesson_progress lp on lp.id::text = a.row_id
       where a.table_name = 'lesson_progress' and lp.lesson_id = ${older} and lp.skill_id = ${k1!.id}
       order by a.created_at, a.id`;
    expect(audit.map((a) => a.action)).toEqual(['insert', 'update']);
    expect(audit[1]!.actor_id).toBe(s.instructor.userId);
    expect(audit[1]!.changed_columns).toEqual(expect.arrayContaining(['level']));
  });

  it('after 48 hours the record is locked: 409 lessons.record_locked, nothing changes', async () => {
    const lessonId = await s.lesson(s.students[0]!, { daysAgo: 4 });
    const [k1] = await s.skills();
    const body = { entries: [{ skillId: k1!.id, level: 2 }] };
    expect((await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, body)).status).toBe(
      200,
    );
    await api.tdb
      .owner`update lessons set editable_until = now() - interval '1 second' where id = ${lessonId}`;
    const late = await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
      entries: [{ skillId: k1!.id, level: 5 }],
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('lessons.record_locked');
    expect(late.contentType).toContain('application/problem+json');
    // The office is held to the window too.
    expect((await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.ownerToken, body)).status).toBe(409);
    const [row] = await api.tdb.owner<{ level: number }[]>`
      select level from lesson_progress where lesson_id = ${lessonId} and skill_id = ${k1!.id}`;
    expect(row!.level).toBe(2);
    const got = await s.call('GET', `/api/v1/lessons/${lessonId}`, s.instructor.token);
    expect(got.body.locked).toBe(true);
  });

  it('an unknown or retired skill refuses the whole record (400) and writes nothing', async () => {
    const lessonId = await s.lesson(s.students[1]!);
    const [k1] = await s.skills();
    // The other school's syllabus (installed by its office) is not this school's.
    await other.call('POST', '/api/v1/syllabus/install', other.ownerToken, { template: 'uk' });
    const [theirs] = await other.skills();
    const res = await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
      entries: [
        { skillId: k1!.id, level: 3 },
        { skillId: theirs!.id, level: 3 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('lessons.unknown_skills');
    const [n] = await api.tdb.owner<
      { n: number }[]
    >`select count(*)::int as n from lesson_progress where lesson_id = ${lessonId}`;
    expect(n!.n).toBe(0);
    const [l] = await api.tdb.owner<
      { recorded_at: Date | null }[]
    >`select recorded_at from lessons where id = ${lessonId}`;
    expect(l!.recorded_at).toBeNull();
    const dup = await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
      entries: [
        { skillId: k1!.id, level: 3 },
        { skillId: k1!.id, level: 4 },
      ],
    });
    expect(dup.status).toBe(400);
  });

  it('who may record and read: the instructor and office record; the student reads only; others get 404', async () => {
    const lessonId = await s.lesson(s.students[0]!);
    const [k1] = await s.skills();
    const body = { entries: [{ skillId: k1!.id, level: 3 }] };
    const put = (token: string) => s.call('PUT', `/api/v1/lessons/${lessonId}/record`, token, body);
    const get = (token: string) => s.call('GET', `/api/v1/lessons/${lessonId}`, token);
    expect((await put(s.students[0]!.token)).status).toBe(403);
    expect((await put(s.students[1]!.token)).status).toBe(404);
    expect((await put(s.otherInstructor.token)).status).toBe(404);
    expect(
      (await other.call('PUT', `/api/v1/lessons/${lessonId}/record`, other.ownerToken, body)).status,
    ).toBe(404);
    expect(
      (await other.call('PUT', `/api/v1/lessons/${lessonId}/record`, other.instructor.token, body)).status,
    ).toBe(404);
    expect((await put(s.ownerToken)).status).toBe(200);
    expect((await put(s.instructor.token)).status).toBe(200);

    expect((await get(s.students[0]!.token)).status).toBe(200);
    expect((await get(s.students[1]!.token)).status).toBe(404);
    expect((await get(s.otherInstructor.token)).status).toBe(404);
    expect((await other.call('GET', `/api/v1/lessons/${lessonId}`, other.ownerToken)).status).toBe(404);

    // Lists: a student sees their own lessons only; another school sees none of these.
    const mine = await s.call('GET', '/api/v1/lessons', s.students[0]!.token);
    expect(mine.status).toBe(200);
    expect(mine.body.data.length).toBeGreaterThan(0);
    expect(mine.body.data.every((l: { studentId: string }) => l.studentId === s.students[0]!.id)).toBe(true);
    const theirs = await s.call('GET', '/api/v1/lessons', s.students[1]!.token);
    expect(theirs.body.data.some((l: { id: string }) => l.id === lessonId)).toBe(false);
    const olga = await s.call('GET', '/api/v1/lessons', s.otherInstructor.token);
    expect(olga.body.data).toEqual([]);
    const foreign = await other.call(
      'GET',
      `/api/v1/lessons?studentId=${s.students[0]!.id}`,
      other.ownerToken,
    );
    expect(foreign.body.data).toEqual([]);
  });

  it('the instructor evaluates the lesson; lesson.evaluated is emitted; the student cannot', async () => {
    const lessonId = await s.lesson(s.students[2]!);
    const res = await s.call('PUT', `/api/v1/lessons/${lessonId}/evaluation`, s.instructor.token, {
      rating: 4,
      summary: 'Calm at roundabouts',
    });
    expect(res.status).toBe(200);
    expect(
      (await s.call('PUT', `/api/v1/lessons/${lessonId}/evaluation`, s.students[2]!.token, { rating: 5 }))
        .status,
    ).toBe(403);
    expect(
      (await s.call('GET', `/api/v1/lessons/${lessonId}`, s.students[2]!.token)).body.evaluation,
    ).toMatchObject({
      rating: 4,
      summary: 'Calm at roundabouts',
    });
    expect(await outbox('lesson.evaluated', lessonId)).toHaveLength(1);
  });

  it('materials: the instructor assigns reading for a lesson; the student reads it; others cannot', async () => {
    const student = s.students[0]!;
    const lessonId = await s.lesson(student);
    const path = `/api/v1/students/${student.id}/materials`;
    const body = {
      kind: 'link',
      title: 'Highway Code: roundabouts',
      url: 'https://www.gov.uk/guidance/the-highway-code',
      lessonId,
    };
    const assigned = await s.call('POST', path, s.instructor.token, body);
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ lessonId, kind: 'link', assignedBy: s.instructor.userId });
    expect((await s.call('POST', path, student.token, body)).status).toBe(403);
    expect((await s.call('POST', path, s.otherInstructor.token, body)).status).toBe(404);
    expect((await s.call('POST', path, s.ownerToken, { ...body, url: 'javascript:alert(1)' })).status).toBe(
      400,
    );
    // A lesson of another student is not this student's.
    const sueLesson = await s.lesson(s.students[1]!);
    expect((await s.call('POST', path, s.ownerToken, { ...body, lessonId: sueLesson })).status).toBe(404);
    const read = await s.call('GET', path, student.token);
    expect(read.body.data.map((m: { id: string }) => m.id)).toEqual([assigned.body.id]);
    expect((await s.call('GET', path, s.students[1]!.token)).status).toBe(404);
    expect((await other.call('GET', path, other.ownerToken)).status).toBe(404);
  });

  it('two lessons of one student recorded at the same moment (skills in opposite orders) both succeed, no deadlock', async () => {
    const student = s.students[2]!;
    const skills = await s.skills();
    const mine = await s.lesson(student, { daysAgo: 6 });
    const olgas = await s.lesson(student, { daysAgo: 0, instructor: s.otherInstructor });
    for (let round = 0; round < 6; round += 1) {
      const entries = skills.map((k, i) => ({ skillId: k.id, level: ((i + round) % 5) + 1 }));
      const [a, b] = await Promise.all([
        s.call('PUT', `/api/v1/lessons/${mine}/record`, s.instructor.token, { entries }),
        s.call('PUT', `/api/v1/lessons/${olgas}/record`, s.otherInstructor.token, {
          entries: [...entries].reverse(),
        }),
      ]);
      expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([200, 200]);
    }
    // The read model agrees with the entries: the newer lesson (Olga's) decides every level.
    const rows = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from student_progress sp
        join lesson_progress lp on lp.lesson_id = ${olgas} and lp.skill_id = sp.skill_id
       where sp.student_id = ${student.id} and sp.level = lp.level and sp.last_lesson_id = ${olgas}`;
    expect(rows[0]!.n).toBe(27);
  });
});
