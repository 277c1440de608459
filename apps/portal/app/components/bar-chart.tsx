export type Bar = {
  /** Short, under the bar (e.g. "Mon"). */
  label: string;
  value: number;
  /** The value as people read it (e.g. "£45.00", "40 % (4 of 10 h)"): in the table. */
  text: string;
  /** A shorter form for the label above the bar; `text` when absent. */
  short?: string;
};

const WIDTH = 320;
const HEIGHT = 160;
const AXIS = 20;
const TOP = 16;

/**
 * A bar chart as inline SVG (no script, prints, scales), described for screen readers by its
 * aria-label, with the same figures in a table beside it for anyone who would rather read numbers.
 */
export function BarChart(props: { title: string; bars: Bar[]; labelHeader: string; valueHeader: string }) {
  const { bars } = props;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const slot = WIDTH / Math.max(1, bars.length);
  const barWidth = Math.min(36, slot * 0.6);
  const plot = HEIGHT - AXIS - TOP;
  return (
    <div className="chart">
      <svg
        role="img"
        aria-label={`${props.title}: ${bars.map((b) => `${b.label} ${b.short ?? b.text}`).join(', ')}`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} stroke="#6b7280" />
        {bars.map((b, i) => {
          const h = max > 0 ? (Math.max(0, b.value) / max) * plot : 0;
          const x = i * slot + (slot - barWidth) / 2;
          const y = HEIGHT - AXIS - h;
          return (
            <g key={`${b.label}-${i}`}>
              <rect x={x} y={y} width={barWidth} height={h} className="bar" />
              <text x={x + barWidth / 2} y={y - 3} textAnchor="middle" fontSize={10} fill="#111827">
                {b.short ?? b.text}
              </text>
              <text
                x={x + barWidth / 2}
                y={HEIGHT - AXIS + 14}
                textAnchor="middle"
                fontSize={11}
                fill="#111827"
              >
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="table">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.labelHeader}</th>
            <th scope="col">{props.valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b, i) => (
            <tr key={`${b.label}-${i}`}>
              <th scope="row">{b.label}</th>
              <td>{b.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
