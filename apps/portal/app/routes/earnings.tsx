import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { BarChart } from '../components/bar-chart.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { earningsByWeek, periodOf } from '../lib/earnings-weeks.ts';
import { formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('nav.earnings');

type Statement = {
  currency: string;
  from: string;
  to: string;
  rows: { earnedAt: string; bookingId: string; lessonMinor: number; earningsMinor: number }[];
  totalLessonMinor: number;
  totalEarningsMinor: number;
};

/** The instructor's own statement (payments off: the page says so instead of failing). */
export async function loader(args: LoaderFunctionArgs) {
  const { school, me, api } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  const period = periodOf(new URL(args.request.url), school.timezone);
  if (!school.modules.includes('payments')) return { enabled: false as const, period };
  const statement = await api.get<Statement>(
    `/api/v1/instructors/${me.instructorId}/earnings?from=${period.from}&to=${period.to}`,
  );
  return {
    enabled: true as const,
    period,
    statement,
    weeks: earningsByWeek(statement.rows, period, school.timezone),
  };
}

export default function Earnings() {
  const data = useLoaderData<typeof loader>();
  const { locale } = useRoot();
  const t = translator(locale);
  if (!data.enabled)
    return (
      <>
        <h1>{t('myEarnings.title')}</h1>
        <p className="card" role="status">
          {t('myEarnings.off')}
        </p>
      </>
    );
  const { statement, weeks, period } = data;
  const money = (minor: number) => formatMoney(minor, statement.currency, locale);
  const weekLabel = (week: string) =>
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(`${week}T12:00:00Z`),
    );
  const query = `from=${period.from}&to=${period.to}`;
  return (
    <>
      <h1>{t('myEarnings.title')}</h1>
      <Form method="get" className="card">
        <fieldset>
          <legend>{t('myEarnings.period')}</legend>
          <label htmlFor="from">{t('myEarnings.from')}</label>
          <input id="from" name="from" type="date" defaultValue={period.from} required />
          <label htmlFor="to">{t('myEarnings.to')}</label>
          <input id="to" name="to" type="date" defaultValue={period.to} required />
        </fieldset>
        {period.bad ? (
          <p className="error" role="alert">
            {t('myEarnings.badPeriod')}
          </p>
        ) : null}
        <button type="submit" className="secondary">
          {t('myEarnings.show')}
        </button>
      </Form>
      <div className="grid">
        <section className="card" aria-labelledby="total-h">
          <h2 id="total-h">{t('myEarnings.total')}</h2>
          <p className="figure" data-testid="earnings-total">
            {money(statement.totalEarningsMinor)}
          </p>
        </section>
        <section className="card" aria-labelledby="lessons-h">
          <h2 id="lessons-h">{t('myEarnings.lessons')}</h2>
          <p className="figure" data-testid="earnings-lessons">
            {statement.rows.length}
          </p>
          <p>
            {t('myEarnings.lessonValue')}: {money(statement.totalLessonMinor)}
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="weeks-h">
        <h2 id="weeks-h">{t('myEarnings.byWeek')}</h2>
        {statement.rows.length === 0 ? (
          <EmptyState title={t('myEarnings.none')} next={t('empty.earnings.next')} />
        ) : null}
        <BarChart
          title={t('myEarnings.byWeek')}
          labelHeader={t('myEarnings.weekOf')}
          valueHeader={t('myEarnings.amount')}
          bars={weeks.map((w) => ({
            label: weekLabel(w.week),
            value: w.earningsMinor,
            text: money(w.earningsMinor),
          }))}
        />
      </section>
      <section className="card" aria-labelledby="statement-h">
        <h2 id="statement-h">{t('myEarnings.downloads')}</h2>
        <p className="actions">
          <a href={`/earnings/statement/csv?${query}`} download>
            {t('myEarnings.csv')}
          </a>
          <a href={`/earnings/statement/pdf?${query}`} download>
            {t('myEarnings.pdf')}
          </a>
        </p>
      </section>
    </>
  );
}
