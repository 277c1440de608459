import { pgErrorCode, type Tx } from '@dualcontrol/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import { lessonsEvents } from '../events.ts';
import { type SkillFaults, studentEvaluations, testRecords } from '../schema.ts';
import { requireStudentAssessor, requireStudentReader } from './access.ts';
import { emitEvents, pending } from './emit-events.ts';
import type { LessonsContext } from './lessons-context.ts';
import {
  notATestCentre,
  resultAlreadyRecorded,
  testNotFound,
  theoryExpired,
  unknownSkills,
} from './lessons-errors.ts';
import { markTest } from './mark-test.ts';
import { activeSkillIds } from './syllabus.ts';
import { theoryValidUntilSql } from './theory-validity.ts';

const userIdOf = (ctx: LessonsContext) => (ctx.actor.kind === 'user' ? ctx.actor.id : null);

async function requireKnownSkills(tx: Tx, tenantId: string, faults: readonly SkillFaults[]) {
  const ids = [...new Set(faults.map((f) => f.skillId))];
  const known = await activeSkillIds(tx, tenantId, ids);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw unknownSkills(unknown);
}

export type MockTestView = ReturnType<typeof mockTestView>;
const mockTestView = (e: typeof studentEvaluations.$inferSelect) => ({
  id: e.id,
  studentId: e.studentId,
  instructorId: e.instructorId,
  takenAt: e.takenAt.toISOString(),
  faults: e.faults,
  drivingFaults: e.drivingFaults,
  seriousFaults: e.seriousFaults,
  dangerousFaults: e.dangerousFaults,
  upgradedFaults: e.upgradedFaults,
  result: e.result!,
  summary: e.summary,
});

/** A mock test, marked like the real one under the school's rules; `lesson.evaluated` tells the others. */
export async function recordMockTest(
  tx: Tx,
  ctx: LessonsContext,
  studentId: string,
  input: { takenAt?: string | undefined; faults: SkillFaults[]; summary?: string | undefined },
) {
  await requireStudentAssessor(tx, ctx, studentId);
  await requireKnownSkills(tx, ctx.tenantId, input.faults);
  const marking = markTest(input.faults, {
    maxDrivingFaults: ctx.settings.maxDrivingFaults,
    upgradeRepeated: ctx.settings.upgradeRepeatedDrivingFaults,
    threshold: ctx.settings.repeatedDrivingFaultsThreshold,
  });
  const [row] = await tx
    .insert(studentEvaluations)
    .values({
      tenantId: ctx.tenantId,
      studentId,
      instructorId: ctx.viewer.instructorId ?? null,
      kind: 'mock_test',
      takenAt: input.takenAt ? new Date(input.takenAt) : ctx.now,
      faults: input.faults.filter((f) => f.driving + f.serious + f.dangerous > 0),
      ...marking,
      summary: input.summary ?? null,
      createdBy: userIdOf(ctx),
    })
    .returning();
  await emitEvents(tx, ctx.tenantId, [
    pending(lessonsEvents['lesson.evaluated'], {
      evaluationId: row!.id,
      studentId,
      kind: 'mock_test',
      result: marking.result,
    }),
  ]);
  return mockTestView(row!);
}

export async function listMockTests(tx: Tx, ctx: LessonsContext, studentId: string) {
  await requireStudentReader(tx, ctx, studentId);
  const rows = await tx
    .select()
    .from(studentEvaluations)
    .where(
      and(
        eq(studentEvaluations.tenantId, ctx.tenantId),
        eq(studentEvaluations.studentId, studentId),
        eq(studentEvaluations.kind, 'mock_test'),
      ),
    )
    .orderBy(desc(studentEvaluations.takenAt), desc(studentEvaluations.id))
    .limit(100);
  return { data: rows.map(mockTestView) };
}

export type TestView = ReturnType<typeof testView>;
const testView = (t: typeof testRecords.$inferSelect) => ({
  id: t.id,
  studentId: t.studentId,
  kind: t.kind,
  testOn: t.testOn,
  centreLocationId: t.centreLocationId,
  status: t.status,
  faults: t.faults,
  drivingFaults: t.drivingFaults,
  seriousFaults: t.seriousFaults,
  dangerousFaults: t.dangerousFaults,
  notes: t.notes,
  resultRecordedAt: t.resultRecordedAt?.toISOString() ?? null,
});

/**
 * Books a theory or practical test. A practical test must fall within the student's theory pass
 * (refused with 409 `lessons.theory_certificate_expired` otherwise, naming both dates); the centre
 * must be a test centre of the school (the database holds both the reference and its kind).
 */
export async function bookTest(
  tx: Tx,
  ctx: LessonsContext,
  studentId: string,
  input: {
    kind: 'theory' | 'practical';
    testOn: string;
    centreLocationId?: string | undefined;
    notes?: string | undefined;
  },
) {
  const access = await requireStudentAssessor(tx, ctx, studentId);
  if (input.kind === 'practical') {
    const [validity] = await tx.execute<{ until: string | null }>(
      sql`select ${theoryValidUntilSql({
        tenantId: ctx.tenantId,
        studentId,
        userId: access.userId,
        validityMonths: ctx.settings.theoryCertificateValidityMonths,
      })} as until`,
    );
    const until = validity?.until ?? null;
    if (until === null || until < input.testOn) throw theoryExpired(until, input.testOn);
  }
  const row = await tx
    .insert(testRecords)
    .values({
      tenantId: ctx.tenantId,
      studentId,
      kind: input.kind,
      testOn: input.testOn,
      centreLocationId: input.centreLocationId ?? null,
      notes: input.notes ?? null,
      createdBy: userIdOf(ctx),
    })
    .returning()
    .then(([r]) => r!)
    .catch((error: unknown) => {
      // 23503: no such location at this school; 23514: a location that is not a test centre.
      const code = pgErrorCode(error);
      throw code === '23503' || code === '23514' ? notATestCentre() : error;
    });
  await emitEvents(tx, ctx.tenantId, [
    pending(lessonsEvents['test.booked'], {
      testId: row.id,
      studentId,
      kind: row.kind,
      testOn: row.testOn,
      centreLocationId: row.centreLocationId,
    }),
  ]);
  return testView(row);
}

export async function listTests(tx: Tx, ctx: LessonsContext, studentId: string) {
  await requireStudentReader(tx, ctx, studentId);
  const rows = await tx
    .select()
    .from(testRecords)
    .where(and(eq(testRecords.tenantId, ctx.tenantId), eq(testRecords.studentId, studentId)))
    .orderBy(desc(testRecords.testOn), desc(testRecords.id))
    .limit(100);
  return { data: rows.map(testView) };
}

/** The examiner's result: passed or failed, with the faults as marked on the day. */
export async function recordTestResult(
  tx: Tx,
  ctx: LessonsContext,
  testId: string,
  input: { result: 'passed' | 'failed'; faults?: SkillFaults[] | undefined; notes?: string | undefined },
) {
  const [test] = await tx
    .select()
    .from(testRecords)
    .where(and(eq(testRecords.tenantId, ctx.tenantId), eq(testRecords.id, testId)))
    .for('update');
  if (!test) throw testNotFound();
  try {
    await requireStudentAssessor(tx, ctx, test.studentId);
  } catch (error) {
    // Someone who may not see the student may not learn the test exists either.
    if ((error as { status?: number }).status === 404) throw testNotFound();
    throw error;
  }
  if (test.status !== 'booked') throw resultAlreadyRecorded();
  const faults = input.faults ?? [];
  await requireKnownSkills(tx, ctx.tenantId, faults);
  const totals = faults.reduce(
    (t, f) => ({
      drivingFaults: t.drivingFaults + f.driving,
      seriousFaults: t.seriousFaults + f.serious,
      dangerousFaults: t.dangerousFaults + f.dangerous,
    }),
    { drivingFaults: 0, seriousFaults: 0, dangerousFaults: 0 },
  );
  const [row] = await tx
    .update(testRecords)
    .set({
      status: input.result,
      faults: faults.filter((f) => f.driving + f.serious + f.dangerous > 0),
      ...totals,
      notes: input.notes ?? test.notes,
      resultRecordedAt: ctx.now,
      updatedAt: ctx.now,
    })
    .where(and(eq(testRecords.tenantId, ctx.tenantId), eq(testRecords.id, testId)))
    .returning();
  const payload = { testId, studentId: test.studentId, kind: test.kind, testOn: test.testOn, ...totals };
  await emitEvents(tx, ctx.tenantId, [
    input.result === 'passed'
      ? pending(lessonsEvents['test.passed'], payload)
      : pending(lessonsEvents['test.failed'], payload),
  ]);
  return testView(row!);
}
