import type { Translate } from '../lib/i18n.ts';
import { type Trend, trendDirection } from '../lib/trend.ts';

/**
 * A dashboard figure with its change against the previous period: "▲ 12 % vs previous 30 days".
 * The arrow is decoration beside words that say the same; the colour says whether the change is
 * good (more lessons) or bad (more cancellations), never alone.
 */
export function TrendFigure({
  id,
  title,
  trend,
  format,
  t,
  days,
  fewerIsBetter = false,
  testId,
}: {
  id: string;
  title: string;
  trend: Trend;
  format: (value: number) => string;
  t: Translate;
  days: number;
  fewerIsBetter?: boolean;
  testId?: string;
}) {
  const direction = trendDirection(trend);
  const good = direction === 'same' || direction === 'new' ? null : (direction === 'up') !== fewerIsBetter;
  const change =
    trend.kind === 'points'
      ? t('trend.points', { points: Math.abs(trend.current - trend.previous).toFixed(1) })
      : `${Math.abs(Math.round(((trend.current - trend.previous) / (trend.previous || 1)) * 100))} %`;
  const words =
    direction === 'same'
      ? t('trend.same', { days })
      : direction === 'new'
        ? t('trend.new', { days })
        : t(direction === 'up' ? 'trend.up' : 'trend.down', { change, days });
  return (
    <section className="card figure-card" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      <p className="figure">{format(trend.current)}</p>
      <p
        className={`trend${good === null ? '' : good ? ' trend-good' : ' trend-bad'}`}
        data-testid={testId && `${testId}-trend`}
      >
        {words}
      </p>
    </section>
  );
}
