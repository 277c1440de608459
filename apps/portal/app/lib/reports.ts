/** The office's reports (the API's `/analytics/reports/{report}`), shared by server and page code. */
export const REPORTS = [
  'utilisation',
  'cancellations',
  'pass-rate',
  'lessons-to-pass',
  'revenue',
  'enquiry-funnel',
  'cohort-retention',
] as const;
export type ReportName = (typeof REPORTS)[number];

export type ReportColumn = {
  key: string;
  label: string;
  kind: 'text' | 'count' | 'percent' | 'hours' | 'minor';
};
export type Report = {
  report: ReportName;
  title: string;
  currency: string;
  from: string;
  to: string;
  period: 'day' | 'week' | 'month';
  columns: ReportColumn[];
  rows: Record<string, string | number | null>[];
  chart: { label: string; series: string[] };
  reference: { label: string; value: number } | null;
  note: string | null;
};

export const isReport = (name: string | undefined): name is ReportName =>
  (REPORTS as readonly string[]).includes(name ?? '');
