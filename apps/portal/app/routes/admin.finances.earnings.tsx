import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FinancesErrorBoundary, FinancesNav } from '../components/finances-nav.tsx';
import { FormField, SelectField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { financesPage, monthRange } from '../lib/finances.server.ts';
import { formProblem } from '../lib/form-problem.server.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Page, Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.fin.earnings');
export const ErrorBoundary = FinancesErrorBoundary;

type Statement = {
  instructorName: string;
  from: string;
  to: string;
  rows: {
    earnedAt: string;
    bookingId: string;
    lessonMinor: number;
    commissionBps: number;
    earningsMinor: number;
  }[];
  totalLessonMinor: number;
  totalEarningsMinor: number;
};
type Payout = { lessons: number; totalMinor: number };

/** An instructor's earnings for a period (this month unless chosen), with its CSV and PDF. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, school } = await financesPage(args);
  const q = new URL(args.request.url).searchParams;
  const month = monthRange(school.timezone, 0);
  const period = { from: q.get('from') || month.from, to: q.get('to') || month.to };
  const instructors = (await api.get<Page<Person>>('/api/v1/instructors?limit=100')).data;
  const chosen = instructors.find((i) => i.id === q.get('instructor')) ?? null;
  let statement: Statement | null = null;
  let periodError: string | null = null;
  if (chosen) {
    try {
      statement = await api.get<Statement>(
        `/api/v1/instructors/${chosen.id}/earnings?${new URLSearchParams(period)}`,
      );
    } catch (error) {
      const problem = formProblem(error);
      periodError = Object.values(problem.fields)[0] ?? problem.detail;
    }
  }
  return { instructors, chosen, period, statement, periodError };
}

/** Pays out the instructor's unpaid earnings of the period (the API refuses a period already paid). */
export async function action(args: ActionFunctionArgs) {
  const { api } = await financesPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  try {
    const payout = await api.post<Payout>('/api/v1/payouts', {
      instructorId: form.instructorId,
      from: form.from,
      to: form.to,
    });
    return { payout, problem: null };
  } catch (error) {
    return { payout: null, problem: formProblem(error) };
  }
}

export default function Earnings() {
  const { instructors, chosen, period, statement, periodError } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const file = (format: 'csv' | 'pdf') =>
    `/admin/finances/statement?${new URLSearchParams({ instructor: chosen?.id ?? '', ...period, format })}`;
  return (
    <>
      <h1>{t('admin.fin.earnings')}</h1>
      <FinancesNav />
      <section className="card" aria-labelledby="choose-h">
        <h2 id="choose-h">{t('admin.fin.choosePeriod')}</h2>
        <Form method="get">
          <SelectField
            id="instructor"
            label={t('admin.fin.instructor')}
            defaultValue={chosen?.id ?? ''}
            options={[
              ['', t('admin.fin.chooseInstructor')],
              ...instructors.map((i) => [i.id, i.name] as const),
            ]}
          />
          <FormField id="from" label={t('admin.fin.from')} type="date" defaultValue={period.from} required />
          <FormField
            id="to"
            label={t('admin.fin.to')}
            type="date"
            defaultValue={period.to}
            required
            error={periodError ?? undefined}
          />
          <button type="submit">{t('admin.fin.showStatement')}</button>
        </Form>
      </section>
      {chosen && statement ? (
        <section className="card" aria-labelledby="statement-h">
          <h2 id="statement-h">{t('admin.fin.statementOf', { name: statement.instructorName })}</h2>
          {statement.rows.length === 0 ? <p>{t('admin.fin.noEarnings')}</p> : null}
          <table className="table" data-testid="statement">
            <caption>{t('admin.fin.statementCaption', { from: statement.from, to: statement.to })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.fin.lessonEnded')}</th>
                <th scope="col">{t('admin.fin.lessonPrice')}</th>
                <th scope="col">{t('admin.fin.commission')}</th>
                <th scope="col">{t('admin.fin.earned')}</th>
              </tr>
            </thead>
            <tbody>
              {statement.rows.map((r) => (
                <tr key={r.bookingId}>
                  <th scope="row">{formatDateTime(r.earnedAt, locale, school!.timezone)}</th>
                  <td>{money(r.lessonMinor)}</td>
                  <td>{(r.commissionBps / 100).toFixed(2)} %</td>
                  <td>{money(r.earningsMinor)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('admin.fin.total')}</th>
                <td>{money(statement.totalLessonMinor)}</td>
                <td />
                <td data-testid="statement-total">{money(statement.totalEarningsMinor)}</td>
              </tr>
            </tfoot>
          </table>
          <p className="actions">
            <a href={file('csv')} download>
              {t('admin.fin.downloadCsv')}
            </a>
            <a href={file('pdf')} download>
              {t('admin.fin.downloadPdf')}
            </a>
          </p>
          <Form method="post">
            <input type="hidden" name="instructorId" value={chosen.id} />
            <input type="hidden" name="from" value={period.from} />
            <input type="hidden" name="to" value={period.to} />
            {result?.payout ? (
              <p role="status">
                {t('admin.fin.paidOut', {
                  lessons: result.payout.lessons,
                  amount: money(result.payout.totalMinor),
                })}
              </p>
            ) : null}
            <FormProblemAlert problem={result?.problem} fieldsShown={[]} />
            <button type="submit" className="secondary">
              {t('admin.fin.payout', { name: chosen.name })}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
