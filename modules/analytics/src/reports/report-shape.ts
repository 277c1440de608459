import { z } from '@hono/zod-openapi';

export const REPORT_IDS = [
  'utilisation',
  'cancellations',
  'pass-rate',
  'lessons-to-pass',
  'revenue',
  'enquiry-funnel',
  'cohort-retention',
] as const;
export type ReportId = (typeof REPORT_IDS)[number];
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** How a column's numbers read: a count, a percentage (0–100), hours, or money in minor units. */
export const COLUMN_KINDS = ['text', 'count', 'percent', 'hours', 'minor'] as const;

export const ReportColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(COLUMN_KINDS),
});
export type ReportColumn = z.infer<typeof ReportColumnSchema>;

export const ReportSchema = z
  .object({
    report: z.enum(REPORT_IDS),
    title: z.string(),
    timezone: z.string(),
    currency: z.string(),
    from: z.string(),
    to: z.string(),
    period: z.enum(PERIODS),
    columns: z.array(ReportColumnSchema),
    /** One row per period, instructor, stage or cohort; values keyed by column key (null: no data). */
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    /** What the chart draws: the label column and the columns drawn as bars. */
    chart: z.object({ label: z.string(), series: z.array(z.string()) }),
    /** A reference line (the national pass rate), when the school set one. */
    reference: z.object({ label: z.string(), value: z.number() }).nullable(),
    note: z.string().nullable(),
  })
  .openapi('AnalyticsReport');
export type Report = z.infer<typeof ReportSchema>;
export type ReportRow = Report['rows'][number];

/** A share as a percentage with one decimal, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
/** Minutes as hours with one decimal. */
export const hours = (minutes: number): number => Math.round((minutes / 60) * 10) / 10;
