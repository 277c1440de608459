import { formatDay } from '../lib/format.ts';
import type { Translate } from '../lib/i18n.ts';
import { LEVELS, type SkillProgress } from '../lib/lessons.ts';

const WIDTH = 320;
const ROW = 22;
const LABEL = 150;
const PLOT = WIDTH - LABEL - 10;

const levelName = (t: Translate, level: number | null) =>
  level && level >= 1 && level <= 5
    ? `${level} · ${t(`level.${level as 1 | 2 | 3 | 4 | 5}`)}`
    : t('progress.notStarted');

const trendText = (t: Translate, s: SkillProgress) => t(`progress.trend.${s.trend ?? 'none'}`);

/**
 * One category's skills as a horizontal bar chart (inline SVG, server-rendered, no script), each
 * bar the skill's level out of 5. The picture is hidden from screen readers: the table after it
 * says the same, with the trend in words.
 */
export function SkillChart(props: {
  t: Translate;
  locale: string;
  zone: string;
  category: string;
  skills: SkillProgress[];
}) {
  const { t, skills } = props;
  const height = skills.length * ROW + 8;
  const title = t('progress.chart', { category: props.category });
  return (
    <div className="chart skill-chart">
      <svg aria-hidden="true" viewBox={`0 0 ${WIDTH} ${height}`} preserveAspectRatio="xMinYMin meet">
        {LEVELS.map((l) => (
          <line
            key={l}
            x1={LABEL + (l / 5) * PLOT}
            x2={LABEL + (l / 5) * PLOT}
            y1={0}
            y2={height}
            className="gridline"
          />
        ))}
        {skills.map((s, i) => {
          const y = i * ROW + 4;
          const w = ((s.level ?? 0) / 5) * PLOT;
          return (
            <g key={s.skillId}>
              <text x={LABEL - 4} y={y + 14} textAnchor="end" fontSize={10} className="label">
                {s.name.length > 28 ? `${s.name.slice(0, 27)}…` : s.name}
              </text>
              <rect x={LABEL} y={y + 3} width={w} height={ROW - 8} className={`bar level-${s.level ?? 0}`} />
              <text x={LABEL + w + 3} y={y + 14} fontSize={10} className="label">
                {s.level ?? '–'}
                {s.trend === 'up' ? ' ↑' : s.trend === 'down' ? ' ↓' : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('progress.skill')}</th>
            <th scope="col">{t('progress.level')}</th>
            <th scope="col">{t('progress.trend')}</th>
            <th scope="col">{t('progress.lastPractised')}</th>
          </tr>
        </thead>
        <tbody>
          {skills.map((s) => (
            <tr key={s.skillId} data-testid="skill-row" data-skill={s.skillId}>
              <th scope="row">{s.name}</th>
              <td>{levelName(t, s.level)}</td>
              <td>{trendText(t, s)}</td>
              <td>
                {s.lastPractisedAt
                  ? formatDay(s.lastPractisedAt, props.locale, props.zone)
                  : t('progress.never')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
