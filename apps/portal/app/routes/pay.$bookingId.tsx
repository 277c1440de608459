import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Booking, Credit } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('pay.title');

type Card = { id: string; brand: string; last4: string; isDefault: boolean };

/** Paying one lesson: from credit when it covers the price, or with a saved card. */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!me.studentId) throw redirect('/home');
  const booking = await api.get<Booking>(`/api/v1/bookings/${args.params.bookingId}`);
  const [credit, cards] = await Promise.all([
    api.get<Credit>(`/api/v1/students/${me.studentId}/credit`),
    api.get<{ data: Card[] }>('/api/v1/payment-methods'),
  ]);
  return { booking, creditMinor: credit.balanceMinor, cards: cards.data };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const choice = String(form.get('method') ?? '');
  try {
    await api.post(
      `/api/v1/bookings/${args.params.bookingId}/pay`,
      choice === 'credit' ? { method: 'credit' } : { method: 'card', paymentMethodId: choice },
    );
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { error: error.detail };
    throw error;
  }
  return redirect('/bookings?paid=1');
}

export default function Pay() {
  const { booking, creditMinor, cards } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { school, locale, zone } = useRoot();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const canCredit = creditMinor >= booking.priceMinor;
  return (
    <section className="card narrow">
      <h1>{t('pay.title')}</h1>
      <p>
        {formatDateTime(booking.start, locale, zone)} · {money(booking.priceMinor)}
      </p>
      <Form method="post">
        <fieldset>
          <legend>{t('book.howToPay')}</legend>
          {canCredit ? (
            <label className="option">
              <input type="radio" name="method" value="credit" defaultChecked />{' '}
              {t('pay.credit', { credit: money(creditMinor) })}
            </label>
          ) : null}
          {cards.map((c, i) => (
            <label key={c.id} className="option">
              <input
                type="radio"
                name="method"
                value={c.id}
                defaultChecked={!canCredit && (c.isDefault || i === 0)}
              />{' '}
              {t('pay.card', { last4: c.last4 })} ({c.brand})
            </label>
          ))}
          {!canCredit && cards.length === 0 ? <p>{t('pay.noCard')}</p> : null}
          <p>
            {/* A document load: the card page's own CSP lets Stripe.js in (see cards.tsx). */}
            <Link to={`/cards?next=${encodeURIComponent(`/pay/${booking.id}`)}`} reloadDocument>
              {t('pay.addCard')}
            </Link>
          </p>
        </fieldset>
        {result?.error ? (
          <p className="error" role="alert">
            {result.error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || (!canCredit && cards.length === 0)}>
          {t('pay.submit', { amount: money(booking.priceMinor) })}
        </button>
      </Form>
    </section>
  );
}
