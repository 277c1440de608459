import type { Tx } from '@dualcontrol/db';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  lessons,
  SKILL_LEVELS,
  skillCategories,
  skills,
  studentEvaluations,
  studentProgress,
  testRecords,
} from '../schema.ts';
import { requireStudentReader } from './access.ts';
import type { LessonsContext } from './lessons-context.ts';
import { computeReadiness, recommendNext } from './readiness.ts';
import { localDate, theoryValidUntilSql } from './theory-validity.ts';

export type Trend = 'new' | 'up' | 'down' | 'steady';

/** Against the level before: up, down or steady; `new` after the first practice; null if never practised. */
const trendOf = (level: number | null, previous: number | null): Trend | null => {
  if (level === null) return null;
  if (previous === null) return 'new';
  return level > previous ? 'up' : level < previous ? 'down' : 'steady';
};

/**
 * A student's progress page: every active skill's level, trend and last practice, the hours
 * taught, the test readiness score with its explanation, and what to practise next. After the
 * access check, two statements sent together (pipelined): the skills with the student's read
 * model, and one row of everything else (hours, last mock tests, theory pass, next practical).
 */
export async function readStudentProgress(tx: Tx, ctx: LessonsContext, studentId: string) {
  const access = await requireStudentReader(tx, ctx, studentId);
  const { tenantId } = ctx;
  const today = localDate(ctx.now, ctx.school.timezone);
  const [rows, [summary]] = await Promise.all([
    tx
      .select({
        skillId: skills.id,
        name: skills.name,
        categoryId: skills.categoryId,
        categoryName: skillCategories.name,
        level: studentProgress.level,
        previousLevel: studentProgress.previousLevel,
        lastPractisedAt: studentProgress.lastPractisedAt,
        timesPractised: studentProgress.timesPractised,
      })
      .from(skills)
      .innerJoin(
        skillCategories,
        and(eq(skillCategories.tenantId, skills.tenantId), eq(skillCategories.id, skills.categoryId)),
      )
      .leftJoin(
        studentProgress,
        and(
          eq(studentProgress.tenantId, skills.tenantId),
          eq(studentProgress.studentId, studentId),
          eq(studentProgress.skillId, skills.id),
        ),
      )
      .where(and(eq(skills.tenantId, tenantId), isNull(skills.retiredAt)))
      .orderBy(asc(skillCategories.position), asc(skills.position), asc(skills.id)),
    tx.execute<{
      lessons: number;
      minutes: number;
      night_minutes: number;
      mocks: ('pass' | 'fail')[];
      theory_until: string | null;
      next_practical: string | null;
    }>(sql`select taught.lessons, taught.minutes, taught.night_minutes,
        array(select e.result from ${studentEvaluations} e
               where e.tenant_id = ${tenantId} and e.student_id = ${studentId} and e.kind = 'mock_test'
               order by e.taken_at desc, e.id desc limit 3) as mocks,
        ${theoryValidUntilSql({ tenantId, studentId, userId: access.userId, validityMonths: ctx.settings.theoryCertificateValidityMonths })} as theory_until,
        (select to_char(min(t.test_on), 'YYYY-MM-DD') from ${testRecords} t
          where t.tenant_id = ${tenantId} and t.student_id = ${studentId} and t.kind = 'practical'
            and t.status = 'booked' and t.test_on >= ${today}::date) as next_practical
        from (select count(*)::int as lessons, coalesce(sum(l.minutes), 0)::int as minutes,
                     coalesce(sum(l.night_minutes), 0)::int as night_minutes
                from ${lessons} l where l.tenant_id = ${tenantId} and l.student_id = ${studentId}) taught`),
  ]);
  const s = summary!;
  const skillsOut = rows.map((r) => ({
    skillId: r.skillId,
    name: r.name,
    categoryId: r.categoryId,
    categoryName: r.categoryName,
    level: r.level,
    levelName: r.level === null ? null : SKILL_LEVELS[r.level - 1]!,
    previousLevel: r.previousLevel,
    trend: trendOf(r.level, r.previousLevel),
    lastPractisedAt: r.lastPractisedAt?.toISOString() ?? null,
    timesPractised: r.timesPractised ?? 0,
  }));
  const readiness = computeReadiness({
    levels: rows.map((r) => r.level),
    mockResults: s.mocks,
    minutesTaught: Number(s.minutes),
    targetHours: ctx.settings.readinessTargetHours,
    theoryValidUntil: s.theory_until,
    judgedOn: s.next_practical ?? today,
    practicalBookedOn: s.next_practical,
  });
  const recommendations = recommendNext(
    rows.map((r, order) => ({
      skillId: r.skillId,
      name: r.name,
      order,
      level: r.level,
      previousLevel: r.previousLevel,
      lastPractisedAt: r.lastPractisedAt,
    })),
    ctx.now,
  );
  return {
    studentId,
    lessons: Number(s.lessons),
    minutesTaught: Number(s.minutes),
    nightMinutesTaught: Number(s.night_minutes),
    theoryValidUntil: s.theory_until,
    nextPracticalTestOn: s.next_practical,
    skills: skillsOut,
    readiness,
    recommendations,
  };
}
