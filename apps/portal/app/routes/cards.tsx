import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import type { ShouldRevalidateFunction } from '@remix-run/react';
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSearchParams,
  useSubmit,
} from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { stripeJsSources } from '../lib/content-security-policy.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { safeRedirectPath } from '../lib/safe-redirect.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('cards.title');
/** The only page that loads Stripe.js, so the only one whose CSP lets it in. */
export const handle = { csp: stripeJsSources };

type Card = {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
};
type StripeJsSettings = { url: string; publishableKey: string; stripeAccount: string | null };

/** The little of Stripe.js this page uses (the real one, or the test stand-in's copy). */
type CardElement = { mount(el: HTMLElement): void; destroy(): void };
type StripeJs = {
  elements(): { create(type: 'card', options?: Record<string, unknown>): CardElement };
  confirmCardSetup(
    clientSecret: string,
    data: { payment_method: { card: CardElement } },
  ): Promise<{
    setupIntent?: { payment_method: string | { id: string } | null };
    error?: { message?: string };
  }>;
};
declare global {
  interface Window {
    Stripe?: (publishableKey: string, options?: { stripeAccount?: string }) => StripeJs;
  }
}

/** The student's saved cards: the default, removal, and a new one through Stripe.js. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, me, api } = await signedInPage(args);
  if (!me.studentId || !school.modules.includes('payments')) throw new Response('Not found', { status: 404 });
  const [cards, account] = await Promise.all([
    api.get<{ data: Card[] }>('/api/v1/payment-methods'),
    api.get<{ stripeJs: StripeJsSettings | null }>('/api/v1/payments/account'),
  ]);
  return { cards: cards.data, stripeJs: account.stripeJs };
}

/**
 * `setup` opens a SetupIntent (its secret goes to Stripe.js, never stored), `save` keeps the pm_…
 * Stripe.js made, `default` and `remove` act on a saved card.
 */
export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const intent = String(form.get('intent') ?? '');
  const card = String(form.get('card') ?? '');
  try {
    if (intent === 'setup') {
      const setup = await api.post<{ clientSecret: string }>('/api/v1/payment-methods/setup', {});
      return { clientSecret: setup.clientSecret, error: null };
    }
    if (intent === 'save') {
      await api.post('/api/v1/payment-methods', {
        stripePaymentMethodId: String(form.get('paymentMethod') ?? ''),
      });
      // Back to the page that sent them (the pay page), only ever a page of this portal.
      const next = new URL(args.request.url).searchParams.get('next');
      return redirect(safeRedirectPath(next, '/cards?done=added'));
    }
    if (intent === 'default') {
      await api.post(`/api/v1/payment-methods/${card}/default`);
      return redirect('/cards?done=default');
    }
    await api.del(`/api/v1/payment-methods/${card}`);
    return redirect('/cards?done=removed');
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { clientSecret: null, error: error.detail };
    throw error;
  }
}

/** Opening a SetupIntent changes nothing on the page: no reload (it would remount the card Element). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'setup' ? false : defaultShouldRevalidate;

const DONE = { added: 'cards.added', default: 'cards.defaultSaved', removed: 'cards.removed' } as const;

export default function Cards() {
  const { cards, stripeJs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const t = translator(useRoot().locale);
  const done = params.get('done') as keyof typeof DONE | null;
  return (
    <>
      <h1>{t('cards.title')}</h1>
      {done && DONE[done] ? <Toast>{t(DONE[done])}</Toast> : null}
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      {cards.length === 0 ? <p>{t('cards.none')}</p> : null}
      <ul className="lessons">
        {cards.map((c) => (
          <li key={c.id} className="card" data-testid="saved-card">
            <p>
              {t('cards.card', {
                brand: c.brand.charAt(0).toUpperCase() + c.brand.slice(1),
                last4: c.last4,
                month: String(c.expMonth).padStart(2, '0'),
                year: c.expYear,
              })}
              {c.isDefault ? <strong> · {t('cards.default')}</strong> : null}
            </p>
            <Form method="post" className="actions">
              <input type="hidden" name="card" value={c.id} />
              {c.isDefault ? null : (
                <button type="submit" name="intent" value="default" className="secondary" disabled={busy}>
                  {t('cards.makeDefault', { last4: c.last4 })}
                </button>
              )}
              <button type="submit" name="intent" value="remove" className="danger" disabled={busy}>
                {t('cards.remove', { last4: c.last4 })}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <section className="card narrow" aria-labelledby="add-card">
        <h2 id="add-card">{t('cards.add')}</h2>
        {stripeJs ? <AddCard settings={stripeJs} /> : <p>{t('cards.noStripe')}</p>}
        <p>
          {t('cards.alternatives')} <Link to="/packages">{t('cards.packages')}</Link> ·{' '}
          <Link to="/bookings">{t('nav.bookings')}</Link>
        </p>
      </section>
    </>
  );
}

/**
 * Stripe.js in the browser: the card Element is Stripe's own (card numbers never reach us);
 * a SetupIntent from our API is confirmed with it, then the resulting pm_… is saved. Shown only
 * once the script has loaded; until then (and for good without JavaScript) the page says what to do instead.
 */
function AddCard({ settings }: { settings: StripeJsSettings }) {
  const t = translator(useRoot().locale);
  const mountRef = useRef<HTMLDivElement>(null);
  const stripeRef = useRef<{ stripe: StripeJs; card: CardElement } | null>(null);
  // The server's page (and a browser without JavaScript) says what to do instead; the form comes with the script.
  const [ready, setReady] = useState<'server' | 'loading' | 'ready' | 'failed'>('server');
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const setup = useFetcher<typeof action>();
  const submit = useSubmit();
  const [params] = useSearchParams();

  const { url, publishableKey, stripeAccount } = settings;
  useEffect(() => {
    // A page's Content-Security-Policy comes with its document, and only this page's lets Stripe.js
    // in: reached by an in-app link from another page, load this one as a document of its own.
    if (!documentIsThisPage()) {
      window.location.reload();
      return;
    }
    const start = () => {
      if (!window.Stripe || !mountRef.current) return setReady('failed');
      const stripe = window.Stripe(publishableKey, stripeAccount ? { stripeAccount } : undefined);
      const card = stripe.elements().create('card', { hidePostalCode: true });
      card.mount(mountRef.current);
      stripeRef.current = { stripe, card };
      setReady('ready');
    };
    setReady('loading');
    if (window.Stripe) start();
    else {
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = start;
      script.onerror = () => setReady('failed');
      document.head.appendChild(script);
    }
    return () => {
      stripeRef.current?.card.destroy();
      stripeRef.current = null;
    };
  }, [url, publishableKey, stripeAccount]);

  // The SetupIntent's secret arrived: Stripe.js confirms it with the card, then we save the card.
  // Each answer is handled once (a re-render must never confirm the same card twice).
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const secret = setup.data?.clientSecret;
    if (setup.state !== 'idle' || !setup.data || handled.current === setup.data) return;
    handled.current = setup.data;
    if (!secret || !stripeRef.current) {
      setProblem(setup.data.error ?? t('cards.loadFailed'));
      setWorking(false);
      return;
    }
    const { stripe, card } = stripeRef.current;
    stripe.confirmCardSetup(secret, { payment_method: { card } }).then(({ setupIntent, error }) => {
      const pm = setupIntent?.payment_method;
      const id = typeof pm === 'string' ? pm : pm?.id;
      if (error || !id) {
        setProblem(error?.message ?? t('cards.loadFailed'));
        setWorking(false);
        return;
      }
      const next = params.get('next');
      submit(
        { intent: 'save', paymentMethod: id },
        { method: 'post', action: next ? `/cards?next=${encodeURIComponent(next)}` : '/cards' },
      );
    });
  }, [setup.state, setup.data, submit, params, t]);

  return (
    <>
      {ready === 'server' ? <p>{t('cards.needsJs')}</p> : null}
      {ready === 'failed' ? (
        <p className="error" role="alert">
          {t('cards.loadFailed')}
        </p>
      ) : null}
      <form
        hidden={ready !== 'ready'}
        onSubmit={(event) => {
          event.preventDefault();
          setProblem(null);
          setWorking(true);
          setup.submit({ intent: 'setup' }, { method: 'post' });
        }}
      >
        <fieldset>
          <legend>{t('cards.details')}</legend>
          <div ref={mountRef} className="card-element" />
        </fieldset>
        <p>{t('cards.secure')}</p>
        {problem ? (
          <p className="error" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" disabled={working}>
          {working ? t('cards.saving') : t('cards.save')}
        </button>
      </form>
    </>
  );
}

/** Whether the browser loaded the current document for this page (not for a page before it). */
function documentIsThisPage() {
  const [load] = performance.getEntriesByType('navigation');
  return !load || new URL(load.name).pathname === window.location.pathname;
}
