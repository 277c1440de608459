/**
 * A figure this period beside the same figure the period before. `points` figures are already
 * percentages (utilisation), so their change is told in percentage points, not a percentage of a
 * percentage.
 */
export type Trend = { current: number; previous: number; kind: 'count' | 'points' };

export type TrendDirection = 'up' | 'down' | 'same' | 'new';

/** `new` when there was nothing before to compare with (a percentage change would be infinite). */
export function trendDirection(trend: Trend): TrendDirection {
  if (trend.current === trend.previous) return 'same';
  if (trend.kind === 'count' && trend.previous === 0) return 'new';
  return trend.current > trend.previous ? 'up' : 'down';
}

/** The two windows of `days` days ending on `today` (inclusive) and just before, as ISO dates. */
export function trendWindows(today: string, days: number) {
  const shift = (date: string, n: number) =>
    new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  return {
    current: { from: shift(today, -(days - 1)), to: today },
    previous: { from: shift(today, -(2 * days - 1)), to: shift(today, -days) },
  };
}
