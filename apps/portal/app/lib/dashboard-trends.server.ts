import type { ApiClient } from './api.server.ts';
import type { Report } from './reports.ts';
import { type Trend, trendWindows } from './trend.ts';

/** The dashboards compare the last 30 days with the 30 before them. */
export const TREND_DAYS = 30;

type Window = { from: string; to: string };
type Utilisation = { total: { bookedMinutes: number; availableMinutes: number; utilisation: number | null } };

const sum = (report: Report, key: string) =>
  report.rows.reduce((s, r) => s + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0);

/** One analytics report over a window (by month: a 30-day window spans one or two rows, summed). */
const report = (api: ApiClient, name: string, w: Window) =>
  api.get<Report>(`/api/v1/analytics/reports/${name}?from=${w.from}&to=${w.to}&period=month`);

/**
 * The office's trend figures, from the analytics read models (lessons taught, cancellations, net
 * revenue) and scheduling's utilisation report (share of available hours booked). A module that
 * is off leaves its figures out; the API calls run side by side.
 */
export async function officeTrends(api: ApiClient, modules: readonly string[], today: string) {
  const { current, previous } = trendWindows(today, TREND_DAYS);
  const analytics = modules.includes('analytics');
  const both = <T>(load: (w: Window) => Promise<T>) => Promise.all([load(current), load(previous)]);
  const [lessons, revenue, booked] = await Promise.all([
    analytics ? both((w) => report(api, 'cancellations', w)) : null,
    analytics && modules.includes('payments') ? both((w) => report(api, 'revenue', w)) : null,
    modules.includes('scheduling')
      ? both((w) => api.get<Utilisation>(`/api/v1/reports/utilisation?from=${w.from}&to=${w.to}`))
      : null,
  ]);
  const count = (pair: [Report, Report], key: string): Trend => ({
    current: sum(pair[0], key),
    previous: sum(pair[1], key),
    kind: 'count',
  });
  const share = (u: Utilisation) => Math.round((u.total.utilisation ?? 0) * 1000) / 10;
  return {
    days: TREND_DAYS,
    lessons: lessons ? count(lessons, 'taught') : null,
    cancellations: lessons ? count(lessons, 'cancellations') : null,
    revenueMinor: revenue ? count(revenue, 'netMinor') : null,
    bookedPercent: booked
      ? ({ current: share(booked[0]), previous: share(booked[1]), kind: 'points' } as Trend)
      : null,
  };
}

/** An instructor's hours taught, from their own utilisation report (analytics answers only their row). */
export async function instructorTrend(api: ApiClient, modules: readonly string[], today: string) {
  if (!modules.includes('analytics')) return null;
  const { current, previous } = trendWindows(today, TREND_DAYS);
  const hours = async (w: Window) =>
    sum(
      await api.get<Report>(`/api/v1/analytics/reports/utilisation?from=${w.from}&to=${w.to}&period=month`),
      'taughtHours',
    );
  const [now, before] = await Promise.all([hours(current), hours(previous)]);
  return { days: TREND_DAYS, hoursTaught: { current: now, previous: before, kind: 'count' } as Trend };
}
