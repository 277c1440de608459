import type { Tx } from '@dualcontrol/db';
import { SYSTEM_VIEWER } from '@dualcontrol/platform';
import { instructorUtilisation } from '@dualcontrol/scheduling';
import { sql } from 'drizzle-orm';
import type { ReportContext } from '../report-context.ts';
import { hours, percent, type Report } from '../report-shape.ts';
import { factSeries } from './fact-series.ts';

type Base = Pick<Report, 'timezone' | 'currency' | 'from' | 'to' | 'period'>;
const base = (ctx: ReportContext): Base => ({
  timezone: ctx.timezone,
  currency: ctx.currency,
  from: ctx.from,
  to: ctx.to,
  period: ctx.period,
});

/**
 * Taught hours (the facts) against available hours (scheduling's slot-engine windows: weekly
 * hours plus extra hours, less time off and closures) per instructor over the range.
 */
export async function utilisationReport(tx: Tx, ctx: ReportContext): Promise<Report> {
  // Our own permission was checked by the handler; scheduling's report is read as the system.
  const available = await instructorUtilisation(tx, {
    tenantId: ctx.tenantId,
    timezone: ctx.timezone,
    viewer: SYSTEM_VIEWER,
    from: ctx.from,
    to: ctx.to,
  });
  const taught = await tx.execute<{ instructor_id: string; lessons: number; minutes: number }>(sql`
    select instructor_id, sum(lessons_taught)::int as lessons, sum(minutes_taught)::int as minutes
      from analytics_instructor_days
     where tenant_id = ${ctx.tenantId} and day between ${ctx.from}::date and ${ctx.to}::date
     group by instructor_id`);
  const byInstructor = new Map(taught.map((t) => [t.instructor_id, t]));
  const rows = available.instructors
    .filter((i) => !ctx.ownInstructorId || i.instructorId === ctx.ownInstructorId)
    .map((i) => {
      const t = byInstructor.get(i.instructorId);
      const minutes = t?.minutes ?? 0;
      return {
        instructor: i.name,
        lessons: t?.lessons ?? 0,
        taughtHours: hours(minutes),
        availableHours: hours(i.availableMinutes),
        utilisation: percent(minutes, i.availableMinutes),
      };
    });
  return {
    report: 'utilisation',
    title: 'Utilisation per instructor',
    ...base(ctx),
    columns: [
      { key: 'instructor', label: 'Instructor', kind: 'text' },
      { key: 'lessons', label: 'Lessons taught', kind: 'count' },
      { key: 'taughtHours', label: 'Hours taught', kind: 'hours' },
      { key: 'availableHours', label: 'Hours available', kind: 'hours' },
      { key: 'utilisation', label: 'Utilisation %', kind: 'percent' },
    ],
    rows,
    chart: { label: 'instructor', series: ['utilisation'] },
    reference: null,
    note: 'Hours taught divided by the hours the instructor was available (weekly hours and extra hours, less time off and closures).',
  };
}

const LESSON_COLUMNS = ['lessons_taught', 'cancellations', 'late_cancellations', 'no_shows'] as const;

/** Cancellation, late-cancellation and no-show rates per period (of lessons that were due). */
export async function cancellationsReport(tx: Tx, ctx: ReportContext): Promise<Report> {
  const series = await factSeries(tx, ctx, LESSON_COLUMNS, { instructorScoped: true });
  const rows = series.map((r) => {
    const due = r.lessons_taught + r.cancellations + r.no_shows;
    return {
      period: r.period,
      due,
      taught: r.lessons_taught,
      cancellations: r.cancellations,
      lateCancellations: r.late_cancellations,
      noShows: r.no_shows,
      cancellationRate: percent(r.cancellations, due),
      lateCancellationRate: percent(r.late_cancellations, due),
      noShowRate: percent(r.no_shows, due),
    };
  });
  return {
    report: 'cancellations',
    title: 'Cancellations and no-shows',
    ...base(ctx),
    columns: [
      { key: 'period', label: 'Period', kind: 'text' },
      { key: 'due', label: 'Lessons due', kind: 'count' },
      { key: 'taught', label: 'Taught', kind: 'count' },
      { key: 'cancellations', label: 'Cancelled', kind: 'count' },
      { key: 'lateCancellations', label: 'Cancelled late', kind: 'count' },
      { key: 'noShows', label: 'No-shows', kind: 'count' },
      { key: 'cancellationRate', label: 'Cancellation rate %', kind: 'percent' },
      { key: 'lateCancellationRate', label: 'Late cancellation rate %', kind: 'percent' },
      { key: 'noShowRate', label: 'No-show rate %', kind: 'percent' },
    ],
    rows,
    chart: { label: 'period', series: ['cancellationRate', 'noShowRate'] },
    reference: null,
    note: `Lessons due = taught + cancelled + no-shows, on the day each lesson was due. A cancellation is late with less than ${ctx.settings.lateCancellationHours} hours' notice.`,
  };
}

export { base };
