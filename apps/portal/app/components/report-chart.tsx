export type ChartSeries = { key: string; label: string; values: (number | null)[] };

const WIDTH = 640;
const HEIGHT = 240;
const AXIS = 28;
const TOP = 18;
const LEFT = 36;
const FILLS = ['bar', 'bar alt'];

/**
 * A grouped bar chart as inline SVG, drawn on the server (no script; prints and scales): one group
 * per row label, one bar per series, an optional dashed reference line (the national pass rate).
 * Screen readers get the figures from its aria-label; the table beside it holds them all.
 */
export function ReportChart(props: {
  title: string;
  labels: string[];
  series: ChartSeries[];
  percent: boolean;
  reference?: { label: string; value: number } | null;
}) {
  const { labels, series, reference } = props;
  const values = series.flatMap((s) => s.values.map((v) => v ?? 0));
  const max = props.percent ? 100 : Math.max(1, ...values, reference?.value ?? 0);
  const plot = HEIGHT - AXIS - TOP;
  const slot = (WIDTH - LEFT) / Math.max(1, labels.length);
  const barWidth = Math.max(2, Math.min(28, (slot * 0.75) / Math.max(1, series.length)));
  // Every label when they fit, else every n-th (the table has them all).
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const y = (v: number) => HEIGHT - AXIS - (Math.max(0, v) / max) * plot;
  const described = labels
    .map((l, i) => `${l}: ${series.map((s) => `${s.label} ${s.values[i] ?? '–'}`).join(', ')}`)
    .join('; ');
  return (
    <figure className="report-chart">
      <svg
        role="img"
        aria-label={`${props.title}. ${described}${reference ? `. ${reference.label} ${reference.value}` : ''}`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <text x={LEFT - 4} y={TOP + 4} textAnchor="end" fontSize={11} fill="#111827">
          {props.percent ? '100 %' : String(max)}
        </text>
        <text x={LEFT - 4} y={HEIGHT - AXIS} textAnchor="end" fontSize={11} fill="#111827">
          0
        </text>
        <line x1={LEFT} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} stroke="#6b7280" />
        {labels.map((label, i) => (
          <g key={`${label}-${i}`}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              const x = LEFT + i * slot + (slot - barWidth * series.length) / 2 + j * barWidth;
              return (
                <rect
                  key={s.key}
                  x={x}
                  y={y(v)}
                  width={barWidth}
                  height={HEIGHT - AXIS - y(v)}
                  className={FILLS[j % FILLS.length]}
                />
              );
            })}
            {i % every === 0 ? (
              <text
                x={LEFT + i * slot + slot / 2}
                y={HEIGHT - AXIS + 16}
                textAnchor="middle"
                fontSize={11}
                fill="#111827"
              >
                {label}
              </text>
            ) : null}
          </g>
        ))}
        {reference ? (
          <g>
            <line
              x1={LEFT}
              x2={WIDTH}
              y1={y(reference.value)}
              y2={y(reference.value)}
              stroke="#b91c1c"
              strokeDasharray="6 4"
            />
            <text x={WIDTH - 4} y={y(reference.value) - 4} textAnchor="end" fontSize={11} fill="#991b1b">
              {`${reference.label} ${reference.value}${props.percent ? ' %' : ''}`}
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption className="legend">
        {series.map((s, j) => (
          <span key={s.key}>
            <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12">
              <rect width="12" height="12" className={FILLS[j % FILLS.length]} />
            </svg>{' '}
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
