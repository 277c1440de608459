import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { formatMoney } from '../lib/format.ts';
import { signedInPage } from '../lib/page.server.ts';
import type { Credit } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction = () => [{ title: 'Packages' }];

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
  return (
    <>
      <h1>Packages</h1>
      <p>
        Your lesson credit: <strong data-testid="credit">{money(creditMinor)}</strong>
      </p>
      {params.get('bought') === 'succeeded' ? <p role="status">Bought: the credit is yours.</p> : null}
      {params.get('bought') === 'pending' ? (
        <p role="status">Waiting for your bank to confirm the payment.</p>
      ) : null}
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
              {money(p.priceMinor)} for {money(p.creditMinor)} of lessons
              {p.validityDays ? `, to use within ${p.validityDays} days` : ''}
            </p>
            {card ? (
              <Form method="post">
                <input type="hidden" name="package" value={p.id} />
                <input type="hidden" name="card" value={card.id} />
                <button type="submit">
                  Buy {p.name} with the card ending {card.last4}
                </button>
              </Form>
            ) : (
              <p>Save a card with the school to buy online, or pay at the office.</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
