import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Booking, Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('bookings.title');

type Quote = { bookingId: string; cancellable: boolean; feeMinor: number; currency: string };

/** The student's lessons; `?cancel=<id>` shows what cancelling would cost before they confirm. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await signedInPage(args);
  const url = new URL(args.request.url);
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const withPayments = school.modules.includes('payments');
  const [lessons, payments] = await Promise.all([
    api.get<Page<Booking>>(`/api/v1/bookings?from=${encodeURIComponent(since)}&limit=100`),
    withPayments
      ? api.get<Page<{ bookingId: string | null; purpose: string }>>(
          '/api/v1/payments?status=succeeded&limit=100',
        )
      : { data: [] },
  ]);
  const cancel = url.searchParams.get('cancel');
  const quote = cancel ? await api.get<Quote>(`/api/v1/bookings/${cancel}/cancellation`) : null;
  const paid = payments.data.filter((p) => p.purpose === 'booking' && p.bookingId).map((p) => p.bookingId!);
  return { lessons: lessons.data, quote, paid, payments: withPayments };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  // A secret calendar link to the student's lessons (shown once; calendar apps subscribe to it).
  if (form.get('intent') === 'calendar') {
    const feed = await api.post<{ url: string }>('/api/v1/calendar-feeds');
    return { feedUrl: feed.url, error: null };
  }
  const id = String(form.get('booking') ?? '');
  try {
    await api.post(`/api/v1/bookings/${id}/cancel`, { reason: 'cancelled in the portal' });
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { feedUrl: null, error: error.detail };
    throw error;
  }
  return redirect(`/bookings?cancelled=${id}`);
}

export default function Bookings() {
  const { lessons, quote, paid, payments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { school, locale, zone } = useRoot();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const now = Date.now();
  return (
    <>
      <h1>{t('bookings.title')}</h1>
      {params.get('booked') ? <Toast>{t('book.requested')}</Toast> : null}
      {params.get('cancelled') ? <Toast>{t('bookings.cancelled')}</Toast> : null}
      {params.get('moved') ? <Toast>{t('bookings.moved')}</Toast> : null}
      {params.get('paid') ? <Toast>{t('pay.paid')}</Toast> : null}
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.feedUrl ? (
        <p role="status" className="card mail">
          {t('bookings.calendarLink')} <a href={result.feedUrl}>{result.feedUrl}</a>
        </p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="calendar" />
          <button type="submit" className="secondary">
            {t('bookings.addToCalendar')}
          </button>
        </Form>
      )}
      {lessons.length === 0 ? (
        <EmptyState
          title={t('bookings.none')}
          next={t('empty.bookings.next')}
          action={{ to: '/book', label: t('nav.book') }}
        />
      ) : null}
      <ul className="lessons">
        {lessons.map((b) => (
          <li key={b.id} className="card" data-testid="lesson" data-booking={b.id}>
            <p>
              <strong>{formatDateTime(b.start, locale, zone)}</strong> · {t(`status.${b.status}`)} ·{' '}
              {money(b.priceMinor)}
              {b.cancellationFeeMinor ? ` · ${money(b.cancellationFeeMinor)}` : ''}
              {paid.includes(b.id) ? ` · ${t('pay.isPaid')}` : ''}
            </p>
            {payments &&
            !paid.includes(b.id) &&
            b.priceMinor > 0 &&
            (b.status === 'pending' || b.status === 'confirmed') ? (
              <p>
                <Link to={`/pay/${b.id}`}>{t('pay.button')}</Link>
              </p>
            ) : null}
            {quote?.bookingId === b.id && quote.cancellable ? (
              <Form method="post" className="confirm" aria-label={t('bookings.cancel')}>
                <p role="alert">
                  {quote.feeMinor > 0
                    ? t('bookings.cancelFee', { fee: money(quote.feeMinor) })
                    : t('bookings.cancelFree')}
                </p>
                <input type="hidden" name="booking" value={b.id} />
                <button type="submit" className="danger">
                  {t('bookings.cancelConfirm')}
                </button>{' '}
                <Link to="/bookings">{t('bookings.keep')}</Link>
              </Form>
            ) : (b.status === 'pending' || b.status === 'confirmed') && Date.parse(b.start) > now ? (
              <p className="actions">
                <Link to={`/bookings/${b.id}/reschedule`}>{t('bookings.reschedule')}</Link>{' '}
                <Link to={`/bookings?cancel=${b.id}`}>{t('bookings.cancel')}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
