import type { Tx } from '@dualcontrol/db';
import { can, decodeCursor, pageOf } from '@dualcontrol/platform';
import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import { lessonEvaluations, lessonProgress, lessons, skills } from '../schema.ts';
import { guardedBy, isGuardianOf } from './guardian-of.ts';
import type { LessonsContext } from './lessons-context.ts';
import { lessonNotFound } from './lessons-errors.ts';

export type LessonView = {
  id: string;
  bookingId: string;
  studentId: string;
  instructorId: string;
  taughtAt: string;
  minutes: number;
  nightMinutes: number;
  notes: string | null;
  recordedAt: string | null;
  editableUntil: string | null;
  locked: boolean;
};

export const lessonView = (l: typeof lessons.$inferSelect, now: Date): LessonView => ({
  id: l.id,
  bookingId: l.bookingId,
  studentId: l.studentId,
  instructorId: l.instructorId,
  taughtAt: l.taughtAt.toISOString(),
  minutes: l.minutes,
  nightMinutes: l.nightMinutes,
  notes: l.notes,
  recordedAt: l.recordedAt?.toISOString() ?? null,
  editableUntil: l.editableUntil?.toISOString() ?? null,
  locked: l.editableUntil !== null && now > l.editableUntil,
});

/**
 * The lesson's parties may read it (its instructor, its student), a guardian linked to its student
 * (read-only), and the office.
 */
const canRead = async (tx: Tx, ctx: LessonsContext, l: { instructorId: string; studentId: string }) =>
  can(ctx.viewer, 'lessons:lesson:read:own', { instructorId: l.instructorId, studentId: l.studentId }) ||
  (can(ctx.viewer, 'lessons:lesson:read:own', { userId: ctx.viewer.userId }) &&
    (await isGuardianOf(tx, ctx, l.studentId)));

/** One lesson with its entries (skill names as the syllabus has them now) and its evaluation. */
export async function getLesson(tx: Tx, ctx: LessonsContext, lessonId: string) {
  const [lesson] = await tx
    .select()
    .from(lessons)
    .where(and(eq(lessons.tenantId, ctx.tenantId), eq(lessons.id, lessonId)));
  if (!lesson || !(await canRead(tx, ctx, lesson))) throw lessonNotFound();
  const [entries, [evaluation]] = await Promise.all([
    tx
      .select({
        skillId: lessonProgress.skillId,
        skillName: skills.name,
        level: lessonProgress.level,
        note: lessonProgress.note,
      })
      .from(lessonProgress)
      .innerJoin(
        skills,
        and(eq(skills.tenantId, lessonProgress.tenantId), eq(skills.id, lessonProgress.skillId)),
      )
      .where(and(eq(lessonProgress.tenantId, ctx.tenantId), eq(lessonProgress.lessonId, lessonId)))
      .orderBy(asc(skills.position), asc(skills.id)),
    tx
      .select()
      .from(lessonEvaluations)
      .where(and(eq(lessonEvaluations.tenantId, ctx.tenantId), eq(lessonEvaluations.lessonId, lessonId))),
  ]);
  return {
    ...lessonView(lesson, ctx.now),
    entries,
    evaluation: evaluation
      ? {
          rating: evaluation.rating,
          summary: evaluation.summary,
          strengths: evaluation.strengths,
          improvements: evaluation.improvements,
        }
      : null,
  };
}

/**
 * Lessons the viewer may see, newest first: the office every lesson (optionally one student's or
 * one instructor's), an instructor those they taught, a student those they took.
 */
export async function listLessons(
  tx: Tx,
  ctx: LessonsContext,
  input: {
    studentId?: string | undefined;
    instructorId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const filters: SQL[] = [eq(lessons.tenantId, ctx.tenantId)];
  if (!can(ctx.viewer, 'lessons:lesson:read:any')) {
    // Without the office's reach, only the lessons the viewer's own profile took part in.
    const { instructorId, studentId } = ctx.viewer;
    if (instructorId && can(ctx.viewer, 'lessons:lesson:read:own', { instructorId }))
      filters.push(eq(lessons.instructorId, instructorId));
    else if (studentId && can(ctx.viewer, 'lessons:lesson:read:own', { studentId }))
      filters.push(eq(lessons.studentId, studentId));
    // A guardian: the lessons of the learners linked to them.
    else if (
      ctx.viewer.roles.includes('guardian') &&
      can(ctx.viewer, 'lessons:lesson:read:own', { userId: ctx.viewer.userId })
    )
      filters.push(guardedBy(ctx, lessons.studentId));
    else return { data: [], nextCursor: null };
  }
  if (input.studentId) filters.push(eq(lessons.studentId, input.studentId));
  if (input.instructorId) filters.push(eq(lessons.instructorId, input.instructorId));
  const after = decodeCursor(input.cursor);
  if (after) filters.push(lt(lessons.id, after));
  const rows = await tx
    .select()
    .from(lessons)
    .where(and(...filters))
    .orderBy(desc(lessons.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit);
  return { data: page.data.map((l) => lessonView(l, ctx.now)), nextCursor: page.nextCursor };
}
