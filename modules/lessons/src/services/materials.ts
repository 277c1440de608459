import type { Tx } from '@dualcontrol/db';
import { can, forbidden } from '@dualcontrol/platform';
import { and, desc, eq } from 'drizzle-orm';
import { lessonMaterials, lessons, type MATERIAL_KINDS } from '../schema.ts';
import { requireStudentReader } from './access.ts';
import type { LessonsContext } from './lessons-context.ts';
import { lessonNotFound } from './lessons-errors.ts';

const view = (m: typeof lessonMaterials.$inferSelect) => ({
  id: m.id,
  studentId: m.studentId,
  lessonId: m.lessonId,
  kind: m.kind,
  title: m.title,
  url: m.url,
  description: m.description,
  assignedBy: m.assignedBy,
  createdAt: m.createdAt.toISOString(),
});

/** Links, files and reading assigned to a student (optionally for one of their lessons). */
export async function assignMaterial(
  tx: Tx,
  ctx: LessonsContext,
  studentId: string,
  input: {
    kind: (typeof MATERIAL_KINDS)[number];
    title: string;
    url?: string | undefined;
    description?: string | undefined;
    lessonId?: string | undefined;
  },
) {
  const access = await requireStudentReader(tx, ctx, studentId);
  if (
    !can(ctx.viewer, 'lessons:materials:assign:own', {
      instructorId: access.taught ? ctx.viewer.instructorId : null,
    })
  )
    throw forbidden('The student’s instructors and the office assign materials.');
  if (input.lessonId) {
    const [lesson] = await tx
      .select({ id: lessons.id })
      .from(lessons)
      .where(
        and(
          eq(lessons.tenantId, ctx.tenantId),
          eq(lessons.id, input.lessonId),
          eq(lessons.studentId, studentId),
        ),
      );
    if (!lesson) throw lessonNotFound();
  }
  const [row] = await tx
    .insert(lessonMaterials)
    .values({
      tenantId: ctx.tenantId,
      studentId,
      lessonId: input.lessonId ?? null,
      kind: input.kind,
      title: input.title,
      url: input.url ?? null,
      description: input.description ?? null,
      assignedBy: ctx.viewer.userId || null,
    })
    .returning();
  return view(row!);
}

export async function listMaterials(tx: Tx, ctx: LessonsContext, studentId: string) {
  await requireStudentReader(tx, ctx, studentId);
  const rows = await tx
    .select()
    .from(lessonMaterials)
    .where(and(eq(lessonMaterials.tenantId, ctx.tenantId), eq(lessonMaterials.studentId, studentId)))
    .orderBy(desc(lessonMaterials.createdAt), desc(lessonMaterials.id))
    .limit(200);
  return { data: rows.map(view) };
}
