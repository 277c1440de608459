import type { Tx } from '@dualcontrol/db';
import type { ReportContext } from '../report-context.ts';
import { hours, percent, type Report } from '../report-shape.ts';
import { factSeries } from './fact-series.ts';
import { base } from './lesson-reports.ts';

const TEST_COLUMNS = [
  'tests_taken',
  'tests_passed',
  'first_tests_taken',
  'first_tests_passed',
  'pass_lessons',
  'pass_minutes',
] as const;

/** Practical-test pass rates per period, overall and at the first attempt, beside the national rate. */
export async function passRateReport(tx: Tx, ctx: ReportContext): Promise<Report> {
  const series = await factSeries(tx, ctx, TEST_COLUMNS, { instructorScoped: false });
  const national = ctx.settings.nationalPassRatePercent;
  const rows = series.map((r) => ({
    period: r.period,
    taken: r.tests_taken,
    passed: r.tests_passed,
    passRate: percent(r.tests_passed, r.tests_taken),
    firstTaken: r.first_tests_taken,
    firstPassed: r.first_tests_passed,
    firstPassRate: percent(r.first_tests_passed, r.first_tests_taken),
    nationalRate: national,
  }));
  return {
    report: 'pass-rate',
    title: 'Practical test pass rate',
    ...base(ctx),
    columns: [
      { key: 'period', label: 'Period', kind: 'text' },
      { key: 'taken', label: 'Tests taken', kind: 'count' },
      { key: 'passed', label: 'Passed', kind: 'count' },
      { key: 'passRate', label: 'Pass rate %', kind: 'percent' },
      { key: 'firstTaken', label: 'First attempts', kind: 'count' },
      { key: 'firstPassed', label: 'Passed first time', kind: 'count' },
      { key: 'firstPassRate', label: 'First-time pass rate %', kind: 'percent' },
      { key: 'nationalRate', label: 'National average %', kind: 'percent' },
    ],
    rows,
    chart: { label: 'period', series: ['passRate', 'firstPassRate'] },
    reference: national === null ? null : { label: 'National average', value: national },
    note:
      national === null
        ? 'Set the national average pass rate in the analytics settings to compare with it.'
        : null,
  };
}

/** Average lessons and hours taught before a pass, per period of the passes. */
export async function lessonsToPassReport(tx: Tx, ctx: ReportContext): Promise<Report> {
  const series = await factSeries(tx, ctx, TEST_COLUMNS, { instructorScoped: false });
  const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);
  const rows = series.map((r) => ({
    period: r.period,
    passes: r.tests_passed,
    averageLessons: avg(r.pass_lessons, r.tests_passed),
    averageHours: r.tests_passed > 0 ? hours(r.pass_minutes / r.tests_passed) : null,
  }));
  return {
    report: 'lessons-to-pass',
    title: 'Lessons and hours to pass',
    ...base(ctx),
    columns: [
      { key: 'period', label: 'Period', kind: 'text' },
      { key: 'passes', label: 'Passes', kind: 'count' },
      { key: 'averageLessons', label: 'Average lessons', kind: 'count' },
      { key: 'averageHours', label: 'Average hours', kind: 'hours' },
    ],
    rows,
    chart: { label: 'period', series: ['averageHours'] },
    reference: null,
    note: 'Lessons with the school taught on or before the day of the pass.',
  };
}
