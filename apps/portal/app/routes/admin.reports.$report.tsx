import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { type ChartSeries, ReportChart } from '../components/report-chart.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import { reportQuery, reportsPage } from '../lib/reports.server.ts';
import { isReport, REPORTS, type Report, type ReportColumn } from '../lib/reports.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('reports.title');

/** One report: the range form, the chart, the table and a CSV link (all from the API as the caller). */
export async function loader(args: LoaderFunctionArgs) {
  const { api, school } = await reportsPage(args);
  const name = args.params.report;
  if (!isReport(name)) throw new Response('Not found', { status: 404 });
  const query = reportQuery(new URL(args.request.url), school.timezone);
  const qs = new URLSearchParams(query).toString();
  try {
    const report = await api.get<Report>(`/api/v1/analytics/reports/${name}?${qs}`);
    return { name, query, qs, report, problem: null };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    return { name, query, qs, report: null, problem: error.message };
  }
}

function cell(
  column: ReportColumn,
  value: string | number | null,
  currency: string,
  locale: string,
  none: string,
) {
  if (value === null || value === undefined) return none;
  if (typeof value === 'string') return value;
  if (column.kind === 'minor') return formatMoney(value, currency, locale);
  if (column.kind === 'percent') return `${value.toLocaleString(locale)} %`;
  if (column.kind === 'hours') return `${value.toLocaleString(locale)} h`;
  return value.toLocaleString(locale);
}

export default function ReportPage() {
  const { name, query, qs, report, problem } = useLoaderData<typeof loader>();
  const { locale, school } = useRoot();
  const t = translator(locale);
  const currency = report?.currency ?? school!.currency;
  const none = t('reports.none');
  const byKey = new Map(report?.columns.map((c) => [c.key, c]) ?? []);
  const series: ChartSeries[] =
    report?.chart.series.map((key) => ({
      key,
      label: byKey.get(key)?.label ?? key,
      values: report.rows.map((r) => (typeof r[key] === 'number' ? (r[key] as number) : null)),
    })) ?? [];
  const percent = report ? report.chart.series.every((k) => byKey.get(k)?.kind === 'percent') : false;
  return (
    <>
      <h1>{t(`reports.${name}`)}</h1>
      <nav aria-label={t('reports.nav')}>
        <ul className="report-list">
          <li>
            <Link to="/admin/reports">{t('reports.title')}</Link>
          </li>
          {REPORTS.filter((r) => r !== name).map((r) => (
            <li key={r}>
              <Link to={`/admin/reports/${r}`}>{t(`reports.${r}`)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="card fields">
        <label>
          {t('reports.from')}
          <input type="date" name="from" defaultValue={query.from} required />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" name="to" defaultValue={query.to} required />
        </label>
        <label>
          {t('reports.period')}
          <select name="period" defaultValue={query.period}>
            {(['day', 'week', 'month'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`reports.period.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('reports.show')}</button>
      </Form>
      {problem ? (
        <p role="alert" className="warning">
          {problem}
        </p>
      ) : null}
      {report ? (
        <section className="card">
          <h2>{report.title}</h2>
          {report.note ? <p className="hint">{report.note}</p> : null}
          <ReportChart
            title={report.title}
            labels={report.rows.map((r) => String(r[report.chart.label] ?? ''))}
            series={series}
            percent={percent}
            reference={report.reference}
          />
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways on a phone must be reachable by keyboard (axe: scrollable-region-focusable) */}
          <section className="table-scroll" aria-label={t('reports.table')} tabIndex={0}>
            <table className="table">
              <caption>{t('reports.table')}</caption>
              <thead>
                <tr>
                  {report.columns.map((c) => (
                    <th key={c.key} scope="col">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row, i) => (
                  <tr key={`${row[report.chart.label]}-${i}`}>
                    {report.columns.map((c, j) =>
                      j === 0 ? (
                        <th key={c.key} scope="row">
                          {cell(c, row[c.key] ?? null, currency, locale, none)}
                        </th>
                      ) : (
                        <td key={c.key}>{cell(c, row[c.key] ?? null, currency, locale, none)}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p>
            <a href={`/admin/reports/${name}/csv?${qs}`} download>
              {t('reports.csv')}
            </a>
          </p>
        </section>
      ) : null}
    </>
  );
}
