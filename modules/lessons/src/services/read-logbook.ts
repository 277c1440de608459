import type { Tx } from '@dualcontrol/db';
import { readBookingPlaces } from '@dualcontrol/scheduling';
import { and, asc, eq, sql } from 'drizzle-orm';
import { creditLogbook, type DrivenMinutes, explainLogbook } from '../logbook/logbook-rules.ts';
import { nightMinutesBetween } from '../logbook/sun.ts';
import { lessons, practiceEntries } from '../schema.ts';
import { requireStudentReader } from './access.ts';
import type { LessonsContext } from './lessons-context.ts';

/**
 * How a taught lesson's night minutes are known: `sun` — computed between sunset and sunrise at
 * the lesson's pickup (else the school's office) coordinates; `instructor` — no coordinates are
 * known, so the night minutes the instructor recorded with the lesson (0 when they recorded none).
 */
export type NightSource = 'sun' | 'instructor';

/**
 * A student's logbook: lessons taught (day and night), confirmed private practice, and where they
 * stand against the school's logbook rules, explained. Visible to whoever may read the student's
 * progress (the student, their instructors, a linked guardian, the office). Three statements.
 */
export async function readLogbook(tx: Tx, ctx: LessonsContext, studentId: string) {
  await requireStudentReader(tx, ctx, studentId);
  const [taught, practice] = await Promise.all([
    tx
      .select({
        id: lessons.id,
        bookingId: lessons.bookingId,
        taughtAt: lessons.taughtAt,
        minutes: lessons.minutes,
        nightMinutes: lessons.nightMinutes,
      })
      .from(lessons)
      .where(and(eq(lessons.tenantId, ctx.tenantId), eq(lessons.studentId, studentId)))
      .orderBy(asc(lessons.taughtAt), asc(lessons.id)),
    tx
      .select({
        status: practiceEntries.status,
        entries: sql<number>`count(*)::int`,
        minutes: sql<number>`coalesce(sum(${practiceEntries.minutes}), 0)::int`,
        nightMinutes: sql<number>`coalesce(sum(${practiceEntries.nightMinutes}), 0)::int`,
      })
      .from(practiceEntries)
      .where(and(eq(practiceEntries.tenantId, ctx.tenantId), eq(practiceEntries.studentId, studentId)))
      .groupBy(practiceEntries.status),
  ]);
  const places = await readBookingPlaces(
    tx,
    ctx.tenantId,
    taught.map((l) => l.bookingId),
  );
  const lessonRows = taught.map((l) => {
    const place = places.get(l.bookingId);
    const nightMinutes = place
      ? nightMinutesBetween(l.taughtAt, new Date(l.taughtAt.getTime() + l.minutes * 60_000), place)
      : Math.min(l.nightMinutes, l.minutes);
    return {
      id: l.id,
      taughtAt: l.taughtAt.toISOString(),
      minutes: l.minutes,
      dayMinutes: l.minutes - nightMinutes,
      nightMinutes,
      nightSource: (place ? 'sun' : 'instructor') as NightSource,
    };
  });
  const byStatus = (status: string) =>
    practice.find((p) => p.status === status) ?? { entries: 0, minutes: 0, nightMinutes: 0 };
  const confirmed = byStatus('confirmed');
  const pending = byStatus('pending');
  const driven: DrivenMinutes = {
    professionalMinutes: lessonRows.reduce((sum, l) => sum + l.minutes, 0),
    professionalNightMinutes: lessonRows.reduce((sum, l) => sum + l.nightMinutes, 0),
    practiceMinutes: confirmed.minutes,
    practiceNightMinutes: confirmed.nightMinutes,
  };
  const rules = ctx.settings.logbookRules;
  const standing = creditLogbook(driven, rules);
  return {
    studentId,
    rules,
    taught: {
      lessons: lessonRows.length,
      minutes: driven.professionalMinutes,
      dayMinutes: driven.professionalMinutes - driven.professionalNightMinutes,
      nightMinutes: driven.professionalNightMinutes,
    },
    practice: {
      confirmed: {
        entries: confirmed.entries,
        minutes: confirmed.minutes,
        dayMinutes: confirmed.minutes - confirmed.nightMinutes,
        nightMinutes: confirmed.nightMinutes,
      },
      pending: { entries: pending.entries, minutes: pending.minutes },
      rejected: { entries: byStatus('rejected').entries },
    },
    credited: standing.credited,
    requirement: standing.requirement,
    missing: standing.missing,
    complete: standing.complete,
    explanation: explainLogbook(driven, standing, pending),
    lessons: lessonRows,
  };
}
