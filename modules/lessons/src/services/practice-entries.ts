import { pgErrorCode, type Tx, users } from '@dualcontrol/db';
import { AppError, badRequest, can, forbidden } from '@dualcontrol/platform';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { guardians, type PracticeStatus, practiceEntries } from '../schema.ts';
import { requireStudentReader } from './access.ts';
import type { LessonsContext } from './lessons-context.ts';
import { practiceEntryDecided, practiceEntryNotFound } from './lessons-errors.ts';
import { schoolClock } from './school-clock.ts';

export type PracticeEntryInput = {
  date: string;
  start: string;
  minutes: number;
  nightMinutes?: number | undefined;
  supervisorUserId: string;
  notes?: string | undefined;
};

const view = (e: typeof practiceEntries.$inferSelect, supervisorName: string) => ({
  id: e.id,
  studentId: e.studentId,
  date: e.drivenOn,
  start: e.startTime,
  minutes: e.minutes,
  nightMinutes: e.nightMinutes,
  supervisorUserId: e.supervisorUserId,
  supervisorName,
  notes: e.notes,
  status: e.status,
  decidedAt: e.decidedAt?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
});
export type PracticeEntryView = ReturnType<typeof view>;

/**
 * The learner (or the office for them) logs a drive with a supervising guardian. It counts once
 * that guardian (or the office) confirms it. The supervisor must be a guardian linked to this
 * learner; the drive must be over (not later than the school's clock now).
 */
export async function submitPracticeEntry(
  tx: Tx,
  ctx: LessonsContext,
  studentId: string,
  input: PracticeEntryInput,
): Promise<PracticeEntryView> {
  await requireStudentReader(tx, ctx, studentId);
  if (!can(ctx.viewer, 'lessons:practice:submit:own', { studentId }))
    throw forbidden(
      'The learner logs their own practice (or the office for them); the supervisor confirms it.',
    );
  const nightMinutes = input.nightMinutes ?? 0;
  if (nightMinutes > input.minutes)
    throw badRequest('lessons.invalid_practice', 'Night minutes cannot exceed the drive’s minutes.', [
      { path: 'body.nightMinutes', message: `at most ${input.minutes}` },
    ]);
  const now = schoolClock(ctx.now, ctx.school.timezone);
  const [h, m] = input.start.split(':').map(Number);
  const endMinute = h! * 60 + m! + input.minutes;
  const [nh, nm] = now.time.split(':').map(Number);
  if (input.date > now.date || (input.date === now.date && endMinute > nh! * 60 + nm!))
    throw badRequest('lessons.invalid_practice', 'Log a drive once it is over, not before.', [
      {
        path: input.date > now.date ? 'body.date' : 'body.start',
        message: `the drive ends after ${now.date} ${now.time}`,
      },
    ]);
  const [supervisor] = await tx
    .select({ name: users.name })
    .from(guardians)
    .innerJoin(users, and(eq(users.tenantId, guardians.tenantId), eq(users.id, guardians.guardianUserId)))
    .where(
      and(
        eq(guardians.tenantId, ctx.tenantId),
        eq(guardians.studentId, studentId),
        eq(guardians.guardianUserId, input.supervisorUserId),
      ),
    );
  if (!supervisor)
    throw badRequest('lessons.not_a_supervisor', 'The supervisor must be one of this learner’s guardians.', [
      { path: 'body.supervisorUserId', message: 'not a guardian of this learner' },
    ]);
  // Two drives of one learner cannot overlap (a rejected one is out of the way): a drive logged
  // twice at slightly different times would otherwise count twice.
  const startMinute = h! * 60 + m!;
  const [overlap] = await tx
    .select({ start: practiceEntries.startTime, minutes: practiceEntries.minutes })
    .from(practiceEntries)
    .where(
      and(
        eq(practiceEntries.tenantId, ctx.tenantId),
        eq(practiceEntries.studentId, studentId),
        eq(practiceEntries.drivenOn, input.date),
        ne(practiceEntries.status, 'rejected'),
        sql`(split_part(${practiceEntries.startTime}, ':', 1)::int * 60 + split_part(${practiceEntries.startTime}, ':', 2)::int) < ${endMinute}`,
        sql`(split_part(${practiceEntries.startTime}, ':', 1)::int * 60 + split_part(${practiceEntries.startTime}, ':', 2)::int + ${practiceEntries.minutes}) > ${startMinute}`,
      ),
    )
    .limit(1);
  if (overlap)
    throw new AppError('lessons.practice_overlap', {
      status: 409,
      title: 'Conflict',
      detail: `This drive overlaps the one logged on ${input.date} at ${overlap.start} (${overlap.minutes} minutes).`,
      fields: [{ path: 'body.start', message: `overlaps the drive at ${overlap.start}` }],
    });
  let row: typeof practiceEntries.$inferSelect | undefined;
  try {
    // A savepoint, so a duplicate leaves the request's transaction usable for the problem answer.
    [row] = await tx.transaction((sp) =>
      sp
        .insert(practiceEntries)
        .values({
          tenantId: ctx.tenantId,
          studentId,
          supervisorUserId: input.supervisorUserId,
          drivenOn: input.date,
          startTime: input.start,
          minutes: input.minutes,
          nightMinutes,
          notes: input.notes ?? null,
          submittedBy: ctx.viewer.userId,
        })
        .returning(),
    );
  } catch (error) {
    if (pgErrorCode(error) === '23505')
      throw new AppError('lessons.practice_duplicate', {
        status: 409,
        title: 'Conflict',
        detail: `A drive starting ${input.date} at ${input.start} is already in this logbook.`,
        fields: [{ path: 'body.start', message: 'already logged' }],
      });
    throw error;
  }
  return view(row!, supervisor.name);
}

/** A learner's practice entries, newest drive first; optionally only those in one status. */
export async function listPracticeEntries(
  tx: Tx,
  ctx: LessonsContext,
  studentId: string,
  status?: PracticeStatus | undefined,
) {
  await requireStudentReader(tx, ctx, studentId);
  const rows = await tx
    .select({ e: practiceEntries, supervisorName: users.name })
    .from(practiceEntries)
    .innerJoin(
      users,
      and(eq(users.tenantId, practiceEntries.tenantId), eq(users.id, practiceEntries.supervisorUserId)),
    )
    .where(
      and(
        eq(practiceEntries.tenantId, ctx.tenantId),
        eq(practiceEntries.studentId, studentId),
        status ? eq(practiceEntries.status, status) : undefined,
      ),
    )
    .orderBy(desc(practiceEntries.drivenOn), desc(practiceEntries.startTime))
    .limit(500);
  return { data: rows.map((r) => view(r.e, r.supervisorName)) };
}

/**
 * The supervising guardian (or the office) confirms or rejects a pending entry. Someone who may
 * not read the learner is told there is no such entry (404); the learner, their instructors and
 * their other guardians may read it but not decide (403); a decision is final (409).
 */
export async function decidePracticeEntry(
  tx: Tx,
  ctx: LessonsContext,
  entryId: string,
  decision: Exclude<PracticeStatus, 'pending'>,
): Promise<PracticeEntryView> {
  const [entry] = await tx
    .select()
    .from(practiceEntries)
    .where(and(eq(practiceEntries.tenantId, ctx.tenantId), eq(practiceEntries.id, entryId)))
    .for('update');
  if (!entry) throw practiceEntryNotFound();
  try {
    await requireStudentReader(tx, ctx, entry.studentId);
  } catch (error) {
    // The entry is not theirs to see: the same answer as an entry that does not exist.
    throw error instanceof AppError && error.status === 404 ? practiceEntryNotFound() : error;
  }
  if (!can(ctx.viewer, 'lessons:practice:confirm:own', { userId: entry.supervisorUserId }))
    throw forbidden('Only the guardian who supervised this drive, or the office, can confirm or reject it.');
  if (entry.status !== 'pending') throw practiceEntryDecided(entry.status);
  const [row] = await tx
    .update(practiceEntries)
    .set({ status: decision, decidedBy: ctx.viewer.userId, decidedAt: ctx.now, updatedAt: ctx.now })
    .where(and(eq(practiceEntries.tenantId, ctx.tenantId), eq(practiceEntries.id, entryId)))
    .returning();
  const [supervisor] = await tx
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, entry.supervisorUserId)));
  return view(row!, supervisor?.name ?? '');
}
