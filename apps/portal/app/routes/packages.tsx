import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Credit } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('nav.packages');

type Package = {
  id: string;
  name: string;
  description: string | null;
  priceMinor: number;
  creditMinor: number;
  validityDays: number | null;
};
type Card = { id: string; last4: string; brand: string; isDefault: boolean };

/** Lesson packages on sale, the student's credit, and their default card to buy with. */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!me.studentId) throw redirect('/home');
  const [packages, credit, cards] = await Promise.all([
    api.get<{ data: Package[] }>('/api/v1/packages'),
    api.get<Credit>(`/api/v1/students/${me.studentId}/credit`),
    api.get<{ data: Card[] }>('/api/v1/payment-methods'),
  ]);
  return {
    packages: packages.data,
    creditMinor: credit.balanceMinor,
    card: cards.data.find((c) => c.isDefault) ?? null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  try {
    const payment = await api.post<{ status: string }>(
      `/api/v1/packages/${String(form.get('package'))}/purchase`,
      {
        paymentMethodId: String(form.get('card')),
      },
    );
    return redirect(`/packages?bought=${payment.status}`);
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { error: error.detail };
    throw error;
  }
}

export default function Packages() {
  const { packages, creditMinor, card } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { school, locale } = useRoot();
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const t = translator(locale);
  return (
    <>
      <h1>{t('nav.packages')}</h1>
      <p>
        {t('packages.credit')} <strong data-testid="credit">{money(creditMinor)}</strong>
      </p>
      {params.get('bought') === 'succeeded' ? <Toast>{t('packages.bought')}</Toast> : null}
      {params.get('bought') === 'pending' ? <Toast>{t('packages.pending')}</Toast> : null}
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      <ul className="lessons">
        {packages.map((p) => (
          <li key={p.id} className="card" data-testid="package">
            <h2>{p.name}</h2>
            {p.description ? <p>{p.description}</p> : null}
            <p>
              {t(p.validityDays ? 'packages.offerWithin' : 'packages.offer', {
                price: money(p.priceMinor),
                credit: money(p.creditMinor),
                days: p.validityDays ?? 0,
              })}
            </p>
            {card ? (
              <Form method="post">
                <input type="hidden" name="package" value={p.id} />
                <input type="hidden" name="card" value={card.id} />
                <button type="submit">{t('packages.buy', { name: p.name, last4: card.last4 })}</button>
              </Form>
            ) : (
              <p>
                <Link to="/cards" reloadDocument>
                  {t('packages.addCard')}
                </Link>{' '}
                {t('packages.orOffice')}
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
