import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { BarChart } from '../components/bar-chart.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { FinancesErrorBoundary, FinancesNav } from '../components/finances-nav.tsx';
import { FormField } from '../components/form-field.tsx';
import { Toast } from '../components/toast.tsx';
import { financesPage, monthRange } from '../lib/finances.server.ts';
import { formProblem } from '../lib/form-problem.server.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Fee, Page, Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.fin.title');
export const ErrorBoundary = FinancesErrorBoundary;

type Revenue = {
  currency: string;
  periods: { period: string; receivedMinor: number; refundedMinor: number; netMinor: number }[];
  totalNetMinor: number;
};
type Outstanding = {
  currency: string;
  students: {
    studentId: string;
    name: string;
    dueFeesMinor: number;
    overdueInstalmentsMinor: number;
    totalMinor: number;
  }[];
  totalMinor: number;
};
type DueFee = Fee & { studentId: string; createdAt: string };

/** Money in over the last six months, what students owe, and the cancellation fees still due. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, school } = await financesPage(args);
  const { from, to } = monthRange(school.timezone, 5);
  const [revenue, outstanding, fees, students] = await Promise.all([
    api.get<Revenue>(`/api/v1/reports/revenue?from=${from}&to=${to}&period=month`),
    api.get<Outstanding>('/api/v1/reports/outstanding'),
    api.get<{ data: DueFee[] }>('/api/v1/cancellation-fees?status=due'),
    api.get<Page<Person>>('/api/v1/students?limit=100'),
  ]);
  const names = Object.fromEntries(students.data.map((s) => [s.id, s.name]));
  return {
    revenue,
    outstanding,
    fees: fees.data.map((f) => ({ ...f, studentName: names[f.studentId] ?? '' })),
  };
}

/** Waives a fee, with the reason on record (the API requires one). */
export async function action(args: ActionFunctionArgs) {
  const { api } = await financesPage(args);
  const form = await args.request.formData();
  const feeId = String(form.get('feeId') ?? '');
  try {
    await api.post(`/api/v1/cancellation-fees/${feeId}/waive`, { reason: String(form.get('reason') ?? '') });
    return { waived: feeId, feeId, problem: null };
  } catch (error) {
    return { waived: null, feeId, problem: formProblem(error) };
  }
}

export default function Finances() {
  const { revenue, outstanding, fees } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const monthName = (period: string) =>
    new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${period.slice(0, 7)}-01T12:00:00Z`),
    );
  return (
    <>
      <h1>{t('admin.fin.title')}</h1>
      <FinancesNav />
      {result?.waived ? <Toast>{t('admin.fin.waived')}</Toast> : null}
      <section className="card" aria-labelledby="revenue-h">
        <h2 id="revenue-h">{t('admin.fin.revenue')}</h2>
        <p>
          {t('admin.fin.revenueTotal')}{' '}
          <strong data-testid="revenue-total">{money(revenue.totalNetMinor)}</strong>
        </p>
        <BarChart
          title={t('admin.fin.revenueChart')}
          labelHeader={t('admin.fin.month')}
          valueHeader={t('admin.fin.net')}
          bars={revenue.periods.map((p) => ({
            label: monthName(p.period),
            value: p.netMinor,
            text: money(p.netMinor),
          }))}
        />
      </section>
      <section className="card" aria-labelledby="owed-h">
        <h2 id="owed-h">{t('admin.fin.outstanding')}</h2>
        <p>
          {t('admin.fin.outstandingTotal')} <strong>{money(outstanding.totalMinor)}</strong>
        </p>
        {outstanding.students.length > 0 ? (
          <DataTable
            caption={t('admin.fin.outstandingByStudent')}
            rows={outstanding.students}
            rowKey={(s) => s.studentId}
            columns={[
              { key: 'name', header: t('admin.fin.student'), rowHeader: true },
              {
                key: 'fees',
                header: t('admin.fin.feesDue'),
                numeric: true,
                cell: (s) => money(s.dueFeesMinor),
              },
              {
                key: 'instalments',
                header: t('admin.fin.instalmentsOverdue'),
                numeric: true,
                cell: (s) => money(s.overdueInstalmentsMinor),
              },
              { key: 'total', header: t('admin.fin.total'), numeric: true, cell: (s) => money(s.totalMinor) },
            ]}
          />
        ) : (
          <p>{t('admin.fin.nothingOwed')}</p>
        )}
      </section>
      <section className="card" aria-labelledby="fees-h">
        <h2 id="fees-h">{t('admin.fin.fees')}</h2>
        {fees.length === 0 ? <EmptyState title={t('admin.fin.noFees')} next={t('empty.fees.next')} /> : null}
        <ul className="lessons">
          {fees.map((f) => {
            const problem = result?.feeId === f.id ? result.problem : null;
            return (
              <li key={f.id} className="card" data-testid="fee">
                <p>
                  <strong>{f.studentName}</strong> · {money(f.amountMinor)} ·{' '}
                  {formatDateTime(f.createdAt, locale, school!.timezone)}
                </p>
                <Form method="post">
                  <input type="hidden" name="feeId" value={f.id} />
                  <FormField
                    id={`reason-${f.id}`}
                    name="reason"
                    label={t('admin.fin.waiveReason', { name: f.studentName })}
                    required
                    minLength={3}
                    error={problem ? (problem.fields.reason ?? problem.detail) : undefined}
                  />
                  <button type="submit" className="secondary">
                    {t('admin.fin.waive')}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
