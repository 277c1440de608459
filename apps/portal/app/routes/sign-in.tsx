import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { CredentialsFields } from '../components/credentials-fields.tsx';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { schoolPage } from '../lib/page.server.ts';
import { safeRedirectPath } from '../lib/safe-redirect.ts';
import { type MeAnswer, startSession } from '../lib/session.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Sign in' }];

export async function loader(args: LoaderFunctionArgs) {
  const { school, t } = await schoolPage(args);
  const expired = new URL(args.request.url).searchParams.has('expired');
  return {
    title: t('signIn.title', { school: school.name }),
    expired: expired ? t('signIn.expired') : null,
    selfSignup: school.selfSignup,
  };
}

/** Signs in through the API and keeps its token in this school's session cookie. */
export async function action(args: ActionFunctionArgs) {
  const { slug, school, t } = await schoolPage(args);
  const form = await args.request.formData();
  const email = String(form.get('email') ?? '');
  const password = String(form.get('password') ?? '');
  const api = apiClient(args.context.config, slug);
  try {
    const login = await api.post<{ token: string; user: { name: string; roles: string[] } }>(
      '/api/v1/auth/login',
      {
        email,
        password,
      },
    );
    const me = await apiClient(args.context.config, slug, login.token).get<MeAnswer>('/api/v1/auth/me');
    const cookie = await startSession(args.context.config, login.token, login.user, me);
    // Back to the page that sent them here (only a page of this portal); else home, which sends each role on.
    const next = safeRedirectPath(new URL(args.request.url).searchParams.get('next'), '/home');
    return redirect(next, {
      headers: { 'set-cookie': cookie },
    });
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 401 || error.status === 400 || error.status === 429))
      return {
        email,
        error: error.status === 429 ? error.detail : t('signIn.failed', { school: school.name }),
      };
    throw error;
  }
}

export default function SignIn() {
  const { title, expired, selfSignup } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const t = translator(useRoot().locale);
  return (
    <section className="card narrow">
      <h1>{title}</h1>
      {expired ? <p role="status">{expired}</p> : null}
      <Form method="post" replace>
        <CredentialsFields email={result?.email} error={result?.error} t={t} />
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </Form>
      {selfSignup ? (
        <p>
          <Link to="/sign-up">{t('signIn.new')}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/forgot-password">{t('forgot.link')}</Link>
      </p>
    </section>
  );
}
