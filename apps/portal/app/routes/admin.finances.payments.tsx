import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { FinancesErrorBoundary, FinancesNav } from '../components/finances-nav.tsx';
import { SelectField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { financesPage } from '../lib/finances.server.ts';
import { formProblem } from '../lib/form-problem.server.ts';
import { formatDateTime, formatMoney, moneyInput, parseMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Booking, Page, Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.fin.payments');
export const ErrorBoundary = FinancesErrorBoundary;

type Payment = {
  id: string;
  studentId: string;
  bookingId: string | null;
  method: string;
  status: string;
  amountMinor: number;
  refundedMinor: number;
  description: string;
  createdAt: string;
};
type LessonPackage = { id: string; name: string; priceMinor: number; active: boolean };

const METHODS = ['cash', 'bank_transfer', 'card_terminal'] as const;
/** The record form's fields that show the API's complaint beside themselves (the item, the method). */
const RECORD_FIELDS_SHOWN = ['bookingId', 'packageId', 'amountMinor', 'method'];

/**
 * Payments taken by hand and their refunds. Recording is two steps so it works without
 * JavaScript: choose the student, then one of their unpaid lessons or a package.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await financesPage(args);
  const studentId = new URL(args.request.url).searchParams.get('student') ?? '';
  const [students, payments] = await Promise.all([
    api.get<Page<Person>>('/api/v1/students?limit=100'),
    api.get<Page<Payment>>('/api/v1/payments?limit=50'),
  ]);
  const student = students.data.find((s) => s.id === studentId) ?? null;
  let lessons: Booking[] = [];
  let packages: LessonPackage[] = [];
  if (student) {
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const [bookings, paid, offered] = await Promise.all([
      api.get<Page<Booking>>(`/api/v1/bookings?status=pending,confirmed&from=${from}&limit=100`),
      api.get<Page<Payment>>(`/api/v1/payments?studentId=${student.id}&status=succeeded&limit=100`),
      api.get<{ data: LessonPackage[] }>('/api/v1/packages'),
    ]);
    const paidLessons = new Set(paid.data.map((p) => p.bookingId));
    lessons = bookings.data.filter(
      (b) => b.studentId === student.id && b.priceMinor > 0 && !paidLessons.has(b.id),
    );
    packages = offered.data.filter((p) => p.active);
  }
  return {
    students: students.data,
    payments: payments.data,
    student,
    lessons,
    packages,
    // One key per form shown: sending the same form twice (a double click) records one payment.
    idempotencyKey: `portal-payment-${crypto.randomUUID()}`,
  };
}

/** The API answers 409 while the first of two identical requests is still running: wait for its answer. */
async function once<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      const running = error instanceof ApiProblem && error.code === 'request/idempotency_in_progress';
      if (!running || tries >= 20) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function action(args: ActionFunctionArgs) {
  const { api, school, t } = await financesPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  if (form.intent === 'refund') {
    const paymentId = form.paymentId ?? '';
    const refused = (amountError: string | null, error: string | null = null) => ({
      intent: 'refund' as const,
      paymentId,
      amountError,
      error,
      problem: null,
    });
    const amountMinor = form.amount ? parseMoney(form.amount, school.currency) : undefined;
    if (amountMinor === null || amountMinor === 0) return refused(t('admin.fin.amountInvalid'));
    try {
      await api.post(`/api/v1/payments/${paymentId}/refunds`, {
        destination: form.destination === 'credit' ? 'credit' : 'original',
        ...(amountMinor !== undefined ? { amountMinor } : {}),
        ...(form.reason ? { reason: form.reason } : {}),
      });
    } catch (error) {
      // Over-refunding (409): say how much is left, in money rather than minor units.
      if (error instanceof ApiProblem && error.code === 'payments/refund_too_large')
        return refused(
          t('admin.fin.refundTooLarge', {
            amount: formatMoney(Number(error.body.refundableMinor ?? 0), school.currency, school.locale),
          }),
        );
      const problem = formProblem(error);
      return refused(problem.fields.amountMinor ?? null, problem.fields.amountMinor ? null : problem.detail);
    }
    return redirect(`/admin/finances/payments?refunded=${paymentId}`);
  }
  const [kind, itemId] = (form.item ?? '').split(':');
  try {
    const payment = await once(() =>
      api.post<Payment>(
        '/api/v1/payments',
        {
          studentId: form.studentId,
          method: form.method,
          purpose: kind === 'package' ? 'package' : 'booking',
          ...(kind === 'package' ? { packageId: itemId } : { bookingId: itemId }),
          ...(form.note ? { note: form.note } : {}),
        },
        { 'idempotency-key': form.idempotencyKey ?? '' },
      ),
    );
    return redirect(`/admin/finances/payments?recorded=${payment.id}`);
  } catch (error) {
    return {
      intent: 'record' as const,
      paymentId: null,
      amountError: null,
      error: null,
      problem: formProblem(error),
    };
  }
}

export default function Payments() {
  const { students, payments, student, lessons, packages, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [params] = useSearchParams();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const currency = school!.currency;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const names = Object.fromEntries(students.map((s) => [s.id, s.name]));
  const recordProblem = result?.intent === 'record' ? result.problem : null;
  const itemError =
    recordProblem?.fields.bookingId ?? recordProblem?.fields.packageId ?? recordProblem?.fields.amountMinor;
  const items = [
    ...lessons.map(
      (b) =>
        [
          `booking:${b.id}`,
          t('admin.fin.lessonItem', {
            when: formatDateTime(b.start, locale, school!.timezone),
            price: money(b.priceMinor),
          }),
        ] as const,
    ),
    ...packages.map(
      (p) =>
        [
          `package:${p.id}`,
          t('admin.fin.packageItem', { name: p.name, price: money(p.priceMinor) }),
        ] as const,
    ),
  ];
  return (
    <>
      <h1>{t('admin.fin.payments')}</h1>
      <FinancesNav />
      {params.get('recorded') ? <Toast>{t('admin.fin.recorded')}</Toast> : null}
      {params.get('refunded') ? <Toast>{t('admin.fin.refunded')}</Toast> : null}
      <section className="card" aria-labelledby="record-h">
        <h2 id="record-h">{t('admin.fin.record')}</h2>
        <Form method="get">
          <SelectField
            id="student"
            label={t('admin.fin.student')}
            defaultValue={student?.id ?? ''}
            options={[['', t('admin.fin.chooseStudent')], ...students.map((s) => [s.id, s.name] as const)]}
          />
          <button type="submit" className="secondary">
            {t('admin.fin.showUnpaid')}
          </button>
        </Form>
        {student ? (
          <Form method="post" key={idempotencyKey}>
            <input type="hidden" name="intent" value="record" />
            <input type="hidden" name="studentId" value={student.id} />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            {items.length === 0 ? (
              <p>{t('admin.fin.nothingUnpaid', { name: student.name })}</p>
            ) : (
              <SelectField
                id="item"
                label={t('admin.fin.item', { name: student.name })}
                options={items}
                error={itemError}
              />
            )}
            <fieldset aria-describedby={recordProblem?.fields.method ? 'method-error' : undefined}>
              <legend>{t('admin.fin.method')}</legend>
              {METHODS.map((m, i) => (
                <label key={m} className="option">
                  <input type="radio" name="method" value={m} defaultChecked={i === 0} />{' '}
                  {t(`admin.fin.method.${m}`)}
                </label>
              ))}
              {recordProblem?.fields.method ? (
                <p id="method-error" className="error">
                  {recordProblem.fields.method}
                </p>
              ) : null}
            </fieldset>
            <label htmlFor="note">{t('admin.fin.note')}</label>
            <input id="note" name="note" maxLength={1000} />
            <FormProblemAlert problem={recordProblem} fieldsShown={RECORD_FIELDS_SHOWN} />
            <button type="submit" disabled={busy || items.length === 0}>
              {t('admin.fin.recordSubmit')}
            </button>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h">{t('admin.fin.recent')}</h2>
        {payments.length === 0 ? <p>{t('admin.fin.noPayments')}</p> : null}
        <ul className="lessons">
          {payments.map((p) => {
            const left = p.amountMinor - p.refundedMinor;
            const mine = result?.intent === 'refund' && result.paymentId === p.id ? result : null;
            const amountError = mine?.amountError ?? null;
            const otherError = mine?.error ?? null;
            return (
              <li key={p.id} className="card" data-testid="payment" data-payment={p.id}>
                <p>
                  <strong>{names[p.studentId] ?? ''}</strong> · {p.description} · {money(p.amountMinor)} ·{' '}
                  {t(`admin.fin.method.${p.method as (typeof METHODS)[number]}`)} ·{' '}
                  {formatDateTime(p.createdAt, locale, school!.timezone)}
                  {p.refundedMinor > 0
                    ? ` · ${t('admin.fin.refundedSoFar', { amount: money(p.refundedMinor) })}`
                    : ''}
                </p>
                {p.status === 'succeeded' && left > 0 ? (
                  <details open={Boolean(mine)}>
                    <summary>{t('admin.fin.refund')}</summary>
                    <Form method="post">
                      <input type="hidden" name="intent" value="refund" />
                      <input type="hidden" name="paymentId" value={p.id} />
                      <label htmlFor={`amount-${p.id}`}>{t('admin.fin.refundAmount', { currency })}</label>
                      <input
                        id={`amount-${p.id}`}
                        name="amount"
                        inputMode="decimal"
                        defaultValue={moneyInput(left, currency)}
                        required
                        aria-invalid={amountError ? true : undefined}
                        aria-describedby={amountError ? `amount-${p.id}-error` : undefined}
                      />
                      {amountError ? (
                        <p id={`amount-${p.id}-error`} className="error" role="alert">
                          {amountError}
                        </p>
                      ) : null}
                      <fieldset>
                        <legend>{t('admin.fin.refundTo')}</legend>
                        <label className="option">
                          <input type="radio" name="destination" value="original" defaultChecked />{' '}
                          {t('admin.fin.refundOriginal')}
                        </label>
                        <label className="option">
                          <input type="radio" name="destination" value="credit" />{' '}
                          {t('admin.fin.refundCredit')}
                        </label>
                      </fieldset>
                      <label htmlFor={`reason-${p.id}`}>{t('admin.fin.refundReason')}</label>
                      <input id={`reason-${p.id}`} name="reason" maxLength={500} />
                      {otherError ? (
                        <p className="error" role="alert">
                          {otherError}
                        </p>
                      ) : null}
                      <button type="submit" className="danger" disabled={busy}>
                        {t('admin.fin.refundSubmit')}
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
