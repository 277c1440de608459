import type { Tx } from '@dualcontrol/db';
import { can, forbidden } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { lessonsEvents } from '../events.ts';
import { lessonEvaluations, lessons } from '../schema.ts';
import { emitEvents, pending } from './emit-events.ts';
import type { LessonsContext } from './lessons-context.ts';
import { lessonNotFound } from './lessons-errors.ts';

/** The instructor's overall assessment of a lesson (set or replaced); `lesson.evaluated` tells the others. */
export async function evaluateLesson(
  tx: Tx,
  ctx: LessonsContext,
  lessonId: string,
  input: {
    rating: number;
    summary?: string | undefined;
    strengths?: string | undefined;
    improvements?: string | undefined;
  },
) {
  const [lesson] = await tx
    .select()
    .from(lessons)
    .where(and(eq(lessons.tenantId, ctx.tenantId), eq(lessons.id, lessonId)));
  if (!lesson) throw lessonNotFound();
  if (!can(ctx.viewer, 'lessons:lesson:record:own', { instructorId: lesson.instructorId })) {
    if (
      can(ctx.viewer, 'lessons:lesson:read:own', {
        instructorId: lesson.instructorId,
        studentId: lesson.studentId,
      })
    )
      throw forbidden('Only the lesson’s instructor or the office can evaluate it.');
    throw lessonNotFound();
  }
  const values = {
    rating: input.rating,
    summary: input.summary ?? null,
    strengths: input.strengths ?? null,
    improvements: input.improvements ?? null,
  };
  const [row] = await tx
    .insert(lessonEvaluations)
    .values({
      tenantId: ctx.tenantId,
      lessonId,
      studentId: lesson.studentId,
      instructorId: lesson.instructorId,
      ...values,
    })
    .onConflictDoUpdate({
      target: [lessonEvaluations.tenantId, lessonEvaluations.lessonId],
      set: { ...values, updatedAt: ctx.now },
    })
    .returning();
  await emitEvents(tx, ctx.tenantId, [
    pending(lessonsEvents['lesson.evaluated'], {
      evaluationId: row!.id,
      studentId: lesson.studentId,
      kind: 'lesson',
      lessonId,
    }),
  ]);
  return { id: row!.id, lessonId, ...values };
}
