import type { Tx } from '@dualcontrol/db';
import { can, forbidden } from '@dualcontrol/platform';
import { and, eq, sql } from 'drizzle-orm';
import { lessonsEvents } from '../events.ts';
import { lessonProgress, lessons, skills, studentProgress } from '../schema.ts';
import { emitEvents, pending } from './emit-events.ts';
import { reachGoals } from './goals.ts';
import type { LessonsContext } from './lessons-context.ts';
import { lessonNotFound, recordLocked, unknownSkills } from './lessons-errors.ts';

export type RecordInput = {
  entries: { skillId: string; level: number; note?: string | undefined }[];
  notes?: string | undefined;
  nightMinutes?: number | undefined;
};

export type LevelChange = { skillId: string; from: number | null; to: number | null };

export type RecordedLesson = {
  id: string;
  bookingId: string;
  studentId: string;
  instructorId: string;
  taughtAt: string;
  minutes: number;
  nightMinutes: number;
  notes: string | null;
  recordedAt: string;
  editableUntil: string;
  entries: { skillId: string; level: number; note: string | null }[];
  changes: LevelChange[];
};

/**
 * Records a lesson (PUT: the body is the whole record — skills left out of an edit are removed
 * from it). In the request's transaction, set-based whatever the number of entries:
 *
 *   1. the lesson row, locked, with the student's progress lock (its instructor or the office;
 *      within the edit window);
 *   2. one statement: the lesson's entries upserted/removed in lesson_progress, the lesson's notes,
 *      night minutes and first-recording time;
 *   3. one statement: student_progress rewritten for the touched skills from the student's entries
 *      (latest level, the one before, last practised, times practised — index ranges per skill),
 *      returning old and new levels — so an edit of an older lesson leaves a newer lesson's level;
 *   4. when a level went up, one UPDATE marking the student's goals now reached (`goal.reached`);
 *   5. one INSERT of the events: `lesson.recorded` and one `skill.level_changed` per moved skill.
 */
export async function recordLesson(
  tx: Tx,
  ctx: LessonsContext,
  lessonId: string,
  input: RecordInput,
): Promise<RecordedLesson> {
  const { tenantId, now } = ctx;
  // The lesson row locked, and in the same statement the student's progress lock: two lessons of
  // one student recorded at once (two instructors, or the office) take turns instead of upserting
  // the same read-model rows in different orders, which could deadlock.
  const [found] = await tx
    .select({
      lesson: lessons,
      progressLocked: sql<unknown>`pg_advisory_xact_lock(hashtextextended('lessons-progress:' || ${lessons.tenantId}::text || ':' || ${lessons.studentId}::text, 0))`,
    })
    .from(lessons)
    .where(and(eq(lessons.tenantId, tenantId), eq(lessons.id, lessonId)))
    .for('update');
  if (!found) throw lessonNotFound();
  const { lesson } = found;
  const parties = { instructorId: lesson.instructorId, studentId: lesson.studentId };
  if (!can(ctx.viewer, 'lessons:lesson:record:own', { instructorId: lesson.instructorId })) {
    if (can(ctx.viewer, 'lessons:lesson:read:own', parties))
      throw forbidden('Only the lesson’s instructor or the office can record it.');
    throw lessonNotFound();
  }
  if (lesson.editableUntil && now > lesson.editableUntil) throw recordLocked(lesson.editableUntil);

  const first = lesson.recordedAt === null;
  const windowMs = ctx.settings.recordEditWindowHours * 3_600_000;
  const entries = JSON.stringify(
    input.entries.map((e) => ({ skill_id: e.skillId, level: e.level, note: e.note ?? null })),
  );
  const nowIso = now.toISOString();
  const [written] = await tx.execute<{
    valid: string[];
    removed: string[];
    recorded_at: string;
    editable_until: string;
  }>(sql`
    with input as (
      select * from jsonb_to_recordset(${entries}::jsonb) as i(skill_id uuid, level smallint, note text)
    ), valid as (
      select i.* from input i
        join ${skills} s on s.tenant_id = ${tenantId} and s.id = i.skill_id and s.retired_at is null
    ), removed as (
      delete from ${lessonProgress} lp
       where lp.tenant_id = ${tenantId} and lp.lesson_id = ${lessonId}
         and not exists (select 1 from input i where i.skill_id = lp.skill_id)
      returning lp.skill_id
    ), upserted as (
      insert into ${lessonProgress} (tenant_id, id, lesson_id, student_id, skill_id, taught_at, level, note)
      select ${tenantId}, dc_uuidv7(), ${lessonId}, ${lesson.studentId}, v.skill_id,
             ${lesson.taughtAt.toISOString()}::timestamptz, v.level, v.note from valid v
      on conflict (tenant_id, lesson_id, skill_id) do update
         set level = excluded.level, note = excluded.note, updated_at = now()
       where (lesson_progress.level, lesson_progress.note) is distinct from (excluded.level, excluded.note)
      returning skill_id
    ), lesson as (
      update ${lessons}
         set notes = ${input.notes ?? null},
             night_minutes = least(${input.nightMinutes ?? 0}, minutes),
             recorded_at = coalesce(recorded_at, ${nowIso}::timestamptz),
             editable_until = coalesce(editable_until, ${new Date(now.getTime() + windowMs).toISOString()}::timestamptz),
             last_edited_at = case when recorded_at is null then null else ${nowIso}::timestamptz end,
             updated_at = now()
       where tenant_id = ${tenantId} and id = ${lessonId}
      returning recorded_at, editable_until
    )
    select (select coalesce(array_agg(skill_id::text), '{}') from valid) as valid,
           (select coalesce(array_agg(skill_id::text), '{}') from removed) as removed,
           (select recorded_at from lesson) as recorded_at,
           (select editable_until from lesson) as editable_until`);
  const valid = new Set(written!.valid);
  const unknown = input.entries.map((e) => e.skillId).filter((id) => !valid.has(id));
  // The statement wrote the valid entries already; throwing rolls the request's transaction back.
  if (unknown.length) throw unknownSkills(unknown);

  const touched = [...new Set([...input.entries.map((e) => e.skillId), ...written!.removed])];
  const changes = await refreshStudentProgress(tx, tenantId, lesson.studentId, touched);
  // Only a level that went up can complete a goal.
  if (changes.some((c) => c.to !== null && (c.from === null || c.to > c.from)))
    await reachGoals(tx, tenantId, lesson.studentId, now);

  const recordedAt = new Date(written!.recorded_at);
  const editableUntil = new Date(written!.editable_until);
  await emitEvents(tx, tenantId, [
    pending(lessonsEvents['lesson.recorded'], {
      lessonId,
      bookingId: lesson.bookingId,
      studentId: lesson.studentId,
      instructorId: lesson.instructorId,
      taughtAt: lesson.taughtAt.toISOString(),
      entries: input.entries.length,
      edit: !first,
    }),
    ...changes.map((c) =>
      pending(lessonsEvents['skill.level_changed'], {
        studentId: lesson.studentId,
        skillId: c.skillId,
        lessonId,
        from: c.from,
        to: c.to,
      }),
    ),
  ]);
  return {
    id: lesson.id,
    bookingId: lesson.bookingId,
    studentId: lesson.studentId,
    instructorId: lesson.instructorId,
    taughtAt: lesson.taughtAt.toISOString(),
    minutes: lesson.minutes,
    nightMinutes: Math.min(input.nightMinutes ?? 0, lesson.minutes),
    notes: input.notes ?? null,
    recordedAt: recordedAt.toISOString(),
    editableUntil: editableUntil.toISOString(),
    entries: input.entries.map((e) => ({ skillId: e.skillId, level: e.level, note: e.note ?? null })),
    changes,
  };
}

/**
 * Rewrites the student's read model for the given skills from their lesson entries, in one
 * statement; returns the skills whose current level moved (from → to; to null when the skill no
 * longer has any entry).
 */
export async function refreshStudentProgress(
  tx: Tx,
  tenantId: string,
  studentId: string,
  skillIds: string[],
): Promise<LevelChange[]> {
  if (skillIds.length === 0) return [];
  const affected = `{${skillIds.join(',')}}`;
  const rows = await tx.execute<{ skill_id: string; from: number | null; to: number | null }>(sql`
    with affected as (
      select unnest(${affected}::uuid[]) as skill_id
    ), fresh as (
      -- Per skill, the latest entry, the one before and how many: index ranges, not the history.
      select a.skill_id, top.level, top.lesson_id, top.taught_at,
             (select lp.level from ${lessonProgress} lp
               where lp.tenant_id = ${tenantId} and lp.student_id = ${studentId} and lp.skill_id = a.skill_id
               order by lp.taught_at desc, lp.lesson_id desc offset 1 limit 1) as previous_level,
             (select count(*) from ${lessonProgress} lp
               where lp.tenant_id = ${tenantId} and lp.student_id = ${studentId} and lp.skill_id = a.skill_id) as n
        from affected a
        join lateral (
          select lp.level, lp.lesson_id, lp.taught_at from ${lessonProgress} lp
           where lp.tenant_id = ${tenantId} and lp.student_id = ${studentId} and lp.skill_id = a.skill_id
           order by lp.taught_at desc, lp.lesson_id desc limit 1
        ) top on true
    ), old as (
      select sp.skill_id, sp.level from ${studentProgress} sp
       where sp.tenant_id = ${tenantId} and sp.student_id = ${studentId}
         and sp.skill_id in (select skill_id from affected)
    ), gone as (
      delete from ${studentProgress} sp
       where sp.tenant_id = ${tenantId} and sp.student_id = ${studentId}
         and sp.skill_id in (select skill_id from affected)
         and not exists (select 1 from fresh f where f.skill_id = sp.skill_id)
    ), up as (
      insert into ${studentProgress}
        (tenant_id, id, student_id, skill_id, level, previous_level, last_practised_at, last_lesson_id, times_practised)
      select ${tenantId}, dc_uuidv7(), ${studentId}, f.skill_id, f.level, f.previous_level, f.taught_at, f.lesson_id, f.n
        from fresh f
      on conflict (tenant_id, student_id, skill_id) do update
         set level = excluded.level, previous_level = excluded.previous_level,
             last_practised_at = excluded.last_practised_at, last_lesson_id = excluded.last_lesson_id,
             times_practised = excluded.times_practised, updated_at = now()
       where (student_progress.level, student_progress.previous_level, student_progress.last_practised_at,
              student_progress.last_lesson_id, student_progress.times_practised)
             is distinct from
             (excluded.level, excluded.previous_level, excluded.last_practised_at,
              excluded.last_lesson_id, excluded.times_practised)
    )
    select a.skill_id, o.level as "from", f.level as "to"
      from affected a
      left join old o on o.skill_id = a.skill_id
      left join fresh f on f.skill_id = a.skill_id
     where o.level is distinct from f.level`);
  return rows.map((r) => ({
    skillId: r.skill_id,
    from: r.from === null ? null : Number(r.from),
    to: r.to === null ? null : Number(r.to),
  }));
}
