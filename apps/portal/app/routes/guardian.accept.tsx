import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { formProblem } from '../lib/form-problem.server.ts';
import { translator } from '../lib/i18n.ts';
import { schoolPage } from '../lib/page.server.ts';
import { type MeAnswer, readSession, startSession } from '../lib/session.server.ts';
import { useRoot } from '../root.tsx';

type Preview = {
  school: string;
  learnerName: string;
  email: string;
  canPay: boolean;
  status: 'open' | 'expired' | 'accepted';
  accountExists: boolean;
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/**
 * Where a guardian's invitation link lands. Signed out, they create their account here (or, when
 * the address has one already, sign in and come back); signed in, one button accepts.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { slug, t } = await schoolPage(args);
  const url = new URL(args.request.url);
  const token = url.searchParams.get('token') ?? '';
  const session = await readSession(args.request, args.context.config);
  const signedInAs = session.get('token') ? (session.get('name') ?? '') : null;
  try {
    const preview = await apiClient(args.context.config, slug).post<Preview>(
      '/api/v1/guardian-invitations/preview',
      { token },
    );
    return {
      preview,
      signedInAs,
      signInHref: `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`,
      title: t('accept.title', { name: preview.learnerName }),
    };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { preview: null, signedInAs, signInHref: '/sign-in', title: t('accept.unknown') };
    throw error;
  }
}

/** Accepts (creating the account when signed out) and starts a session with the guardian role. */
export async function action(args: ActionFunctionArgs) {
  const { slug } = await schoolPage(args);
  const config = args.context.config;
  const token = new URL(args.request.url).searchParams.get('token') ?? '';
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const session = await readSession(args.request, config);
  const sessionToken = session.get('token');
  try {
    const accepted = await apiClient(config, slug, sessionToken).post<{ session: { token: string } | null }>(
      '/api/v1/guardian-invitations/accept',
      sessionToken ? { token } : { token, name: form.name, password: form.password },
    );
    // A new account brings its own session; an existing one has just gained the guardian role.
    const apiToken = accepted.session?.token ?? sessionToken!;
    const me = await apiClient(config, slug, apiToken).get<
      MeAnswer & { user: { name: string; roles: string[] } }
    >('/api/v1/auth/me');
    const cookie = await startSession(config, apiToken, me.user, me);
    return redirect('/guardian', { headers: { 'set-cookie': cookie } });
  } catch (error) {
    return { form: { name: form.name ?? '' }, problem: formProblem(error) };
  }
}

export default function AcceptInvitation() {
  const { preview, signedInAs, signInHref, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const t = translator(useRoot().locale);
  if (!preview)
    return (
      <section className="card narrow">
        <h1>{title}</h1>
      </section>
    );
  const fields = result?.problem?.fields ?? {};
  return (
    <section className="card narrow">
      <h1>{title}</h1>
      <p>{t('accept.intro', { school: preview.school, email: preview.email, name: preview.learnerName })}</p>
      {preview.canPay ? <p>{t('accept.payer')}</p> : null}
      <FormProblemAlert problem={result?.problem} fieldsShown={['name', 'password']} />
      {preview.status === 'expired' ? (
        <p role="alert">{t('accept.expired')}</p>
      ) : preview.status === 'accepted' ? (
        <p role="alert">
          {t('accept.used')} <Link to="/sign-in">{t('accept.signInLink')}</Link>
        </p>
      ) : signedInAs !== null ? (
        <Form method="post">
          <p>{t('accept.signedInAs', { name: signedInAs })}</p>
          <button type="submit" disabled={busy}>
            {t('accept.submit')}
          </button>
        </Form>
      ) : preview.accountExists ? (
        <p>
          {t('accept.signInFirst', { email: preview.email })}{' '}
          <Link to={signInHref}>{t('accept.signInLink')}</Link>
        </p>
      ) : (
        <Form method="post">
          <h2>{t('accept.create')}</h2>
          <FormField
            id="name"
            label={t('accept.name')}
            autoComplete="name"
            required
            defaultValue={result?.form.name}
            error={fields.name}
          />
          <FormField
            id="password"
            type="password"
            label={t('accept.password')}
            hint={t('accept.passwordHint')}
            autoComplete="new-password"
            required
            minLength={10}
            error={fields.password}
          />
          <button type="submit" disabled={busy}>
            {t('accept.submit')}
          </button>
        </Form>
      )}
    </section>
  );
}
