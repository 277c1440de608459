import { type Tx, userRoles, users } from '@dualcontrol/db';
import { AppError, can, conflict, forbidden } from '@dualcontrol/platform';
import { and, asc, eq, sql } from 'drizzle-orm';
import { lessonsEvents } from '../events.ts';
import { guardians, studentGoals, studentProgress } from '../schema.ts';
import { requireStudentReader } from './access.ts';
import { emitEvents, pending } from './emit-events.ts';
import type { LessonsContext } from './lessons-context.ts';
import { personNotFound } from './lessons-errors.ts';
import { activeSkillIds } from './syllabus.ts';

/** A goal with how far the student is: skills at the target level, of those the goal names. */
export type GoalView = {
  id: string;
  studentId: string;
  title: string;
  targetTestOn: string | null;
  weeklyLessons: number | null;
  skillIds: string[];
  targetLevel: number;
  status: 'active' | 'reached' | 'abandoned';
  reachedAt: string | null;
  skillsAtTarget: number;
};

const goalColumns = (tenantId: string, studentId: string) => ({
  goal: studentGoals,
  atTarget: sql<number>`(select count(*)::int from ${studentProgress} sp
    where sp.tenant_id = ${tenantId} and sp.student_id = ${studentId}
      and sp.skill_id = any(${studentGoals.skillIds}) and sp.level >= ${studentGoals.targetLevel})`,
});

const goalView = ({
  goal: g,
  atTarget,
}: {
  goal: typeof studentGoals.$inferSelect;
  atTarget: number;
}): GoalView => ({
  id: g.id,
  studentId: g.studentId,
  title: g.title,
  targetTestOn: g.targetTestOn,
  weeklyLessons: g.weeklyLessons,
  skillIds: g.skillIds,
  targetLevel: g.targetLevel,
  status: g.status,
  reachedAt: g.reachedAt?.toISOString() ?? null,
  skillsAtTarget: Number(atTarget),
});

/** The student sets their own goals; the instructors who taught them and the office set them too. */
async function requireGoalSetter(tx: Tx, ctx: LessonsContext, studentId: string) {
  const access = await requireStudentReader(tx, ctx, studentId);
  const mine = { studentId, instructorId: access.taught ? ctx.viewer.instructorId : null };
  if (!can(ctx.viewer, 'lessons:goals:manage:own', mine))
    throw forbidden('The student, their instructors and the office set goals.');
  return access;
}

export async function createGoal(
  tx: Tx,
  ctx: LessonsContext,
  studentId: string,
  input: {
    title: string;
    targetTestOn?: string | undefined;
    weeklyLessons?: number | undefined;
    skillIds?: string[] | undefined;
    targetLevel?: number | undefined;
  },
): Promise<GoalView> {
  await requireGoalSetter(tx, ctx, studentId);
  const skillIds = [...new Set(input.skillIds ?? [])];
  const known = await activeSkillIds(tx, ctx.tenantId, skillIds);
  const unknown = skillIds.filter((id) => !known.has(id));
  if (unknown.length)
    throw new AppError('lessons.unknown_skills', {
      status: 400,
      title: 'Bad request',
      detail: 'Some skills are not in this school’s syllabus (or are retired).',
      fields: unknown.map((id) => ({ path: 'body.skillIds', message: `unknown or retired skill ${id}` })),
    });
  const [row] = await tx
    .insert(studentGoals)
    .values({
      tenantId: ctx.tenantId,
      studentId,
      title: input.title,
      targetTestOn: input.targetTestOn ?? null,
      weeklyLessons: input.weeklyLessons ?? null,
      skillIds,
      ...(input.targetLevel ? { targetLevel: input.targetLevel } : {}),
      createdBy: ctx.viewer.userId || null,
    })
    .returning({ id: studentGoals.id });
  const [goal] = await tx
    .select(goalColumns(ctx.tenantId, studentId))
    .from(studentGoals)
    .where(and(eq(studentGoals.tenantId, ctx.tenantId), eq(studentGoals.id, row!.id)));
  return goalView(goal!);
}

export async function listGoals(tx: Tx, ctx: LessonsContext, studentId: string) {
  await requireStudentReader(tx, ctx, studentId);
  const rows = await tx
    .select(goalColumns(ctx.tenantId, studentId))
    .from(studentGoals)
    .where(and(eq(studentGoals.tenantId, ctx.tenantId), eq(studentGoals.studentId, studentId)))
    .orderBy(asc(studentGoals.createdAt), asc(studentGoals.id));
  return { data: rows.map(goalView) };
}

/**
 * Marks the student's active goals whose every skill is now at its target level as reached, and
 * emits `goal.reached` for each (called by a lesson record that raised a level).
 */
export async function reachGoals(tx: Tx, tenantId: string, studentId: string, now: Date): Promise<void> {
  const reached = await tx.execute<{ id: string }>(sql`
    update ${studentGoals} g set status = 'reached', reached_at = ${now.toISOString()}::timestamptz, updated_at = now()
     where g.tenant_id = ${tenantId} and g.student_id = ${studentId} and g.status = 'active'
       and cardinality(g.skill_ids) > 0
       and not exists (
         select 1 from unnest(g.skill_ids) k(skill_id)
           left join ${studentProgress} sp
             on sp.tenant_id = ${tenantId} and sp.student_id = ${studentId} and sp.skill_id = k.skill_id
          where coalesce(sp.level, 0) < g.target_level)
    returning g.id`);
  await emitEvents(
    tx,
    tenantId,
    reached.map((g) =>
      pending(lessonsEvents['goal.reached'], { goalId: g.id, studentId, reachedAt: now.toISOString() }),
    ),
  );
}

export type GuardianView = {
  id: string;
  guardianUserId: string;
  name: string;
  studentId: string;
  relationship: string | null;
  canPay: boolean;
};

/** The office links a guardian's account (a user holding the guardian role) to a learner. */
export async function linkGuardian(
  tx: Tx,
  ctx: LessonsContext,
  studentId: string,
  input: { userId: string; relationship?: string | undefined; canPay?: boolean | undefined },
): Promise<GuardianView> {
  if (!can(ctx.viewer, 'lessons:guardians:manage')) throw forbidden('Only the office links guardians.');
  await requireStudentReader(tx, ctx, studentId);
  const [user] = await tx
    .select({
      name: users.name,
      guardian: sql<boolean>`exists (select 1 from ${userRoles} r where r.tenant_id = ${users.tenantId}
        and r.user_id = ${users.id} and r.role = 'guardian')`,
    })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.userId)));
  if (!user) throw personNotFound();
  if (!user.guardian)
    throw conflict(
      'lessons.not_a_guardian',
      'That person has no guardian role at this school; give them one first.',
    );
  const [row] = await tx
    .insert(guardians)
    .values({
      tenantId: ctx.tenantId,
      guardianUserId: input.userId,
      studentId,
      relationship: input.relationship ?? null,
      canPay: input.canPay ?? false,
    })
    .onConflictDoUpdate({
      target: [guardians.tenantId, guardians.guardianUserId, guardians.studentId],
      set: { relationship: input.relationship ?? null, canPay: input.canPay ?? false },
    })
    .returning();
  return {
    id: row!.id,
    guardianUserId: row!.guardianUserId,
    name: user.name,
    studentId,
    relationship: row!.relationship,
    canPay: row!.canPay,
  };
}

/** A learner's guardians: for the office, the learner, and the learner's guardians themselves. */
export async function listGuardians(tx: Tx, ctx: LessonsContext, studentId: string) {
  const access = await requireStudentReader(tx, ctx, studentId);
  if (!can(ctx.viewer, 'lessons:progress:read:any') && ctx.viewer.studentId !== studentId && !access.guardian)
    throw forbidden('The learner’s guardians are shown to the learner and the office.');
  const rows = await tx
    .select({ g: guardians, name: users.name })
    .from(guardians)
    .innerJoin(users, and(eq(users.tenantId, guardians.tenantId), eq(users.id, guardians.guardianUserId)))
    .where(and(eq(guardians.tenantId, ctx.tenantId), eq(guardians.studentId, studentId)))
    .orderBy(asc(guardians.createdAt));
  return {
    data: rows.map(({ g, name }) => ({
      id: g.id,
      guardianUserId: g.guardianUserId,
      name,
      studentId,
      relationship: g.relationship,
      canPay: g.canPay,
    })),
  };
}
