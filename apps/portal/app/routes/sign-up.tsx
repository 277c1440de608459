import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { schoolPage } from '../lib/page.server.ts';
import { type MeAnswer, startSession } from '../lib/session.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Sign up' }];

export async function loader(args: LoaderFunctionArgs) {
  const { school, t } = await schoolPage(args);
  return { title: t('signUp.title', { school: school.name }), open: school.selfSignup };
}

/** Signs the student up through the API (which mails the verification link) and in. */
export async function action(args: ActionFunctionArgs) {
  const { slug } = await schoolPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const here = new URL(args.request.url);
  const host = args.request.headers.get('host') ?? here.host;
  try {
    const signup = await apiClient(args.context.config, slug).post<{
      token: string;
      user: { name: string; roles: string[] };
    }>('/api/v1/auth/signup', {
      name: form.name,
      email: form.email,
      password: form.password,
      verifyUrl: `${here.protocol}//${host}/verify-email`,
    });
    const me = await apiClient(args.context.config, slug, signup.token).get<MeAnswer>('/api/v1/auth/me');
    const cookie = await startSession(args.context.config, signup.token, signup.user, me);
    return redirect('/home', { headers: { 'set-cookie': cookie } });
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return {
        form: { name: form.name, email: form.email },
        detail: error.detail,
        fields: Object.fromEntries(error.errors.map((e) => [e.path.replace(/^body\./, ''), e.message])),
      };
    throw error;
  }
}

export default function SignUp() {
  const { title, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const t = translator(useRoot().locale);
  if (!open)
    return (
      <section className="card narrow">
        <h1>{title}</h1>
        <p>{t('signUp.closed')}</p>
        <p>
          <Link to="/sign-in">{t('signUp.have')}</Link>
        </p>
      </section>
    );
  const field = (name: 'name' | 'email' | 'password', label: string, type: string, autoComplete: string) => (
    <>
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        defaultValue={name === 'password' ? undefined : result?.form[name]}
        aria-invalid={result?.fields[name] ? true : undefined}
        aria-describedby={result?.fields[name] ? `${name}-error` : undefined}
      />
      {result?.fields[name] ? (
        <p id={`${name}-error`} className="error">
          {result.fields[name]}
        </p>
      ) : null}
    </>
  );
  return (
    <section className="card narrow">
      <h1>{title}</h1>
      <Form method="post">
        {field('name', t('signUp.name'), 'text', 'name')}
        {field('email', t('signIn.email'), 'email', 'email')}
        {field('password', t('signUp.password'), 'password', 'new-password')}
        {result?.detail && Object.keys(result.fields).length === 0 ? (
          <p className="error" role="alert">
            {result.detail}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('signUp.submit')}
        </button>
      </Form>
      <p>
        <Link to="/sign-in">{t('signUp.have')}</Link>
      </p>
    </section>
  );
}
