import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { schoolPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('reset.title');

export async function loader(args: LoaderFunctionArgs) {
  await schoolPage(args);
  return { token: new URL(args.request.url).searchParams.get('token') ?? '' };
}

export async function action(args: ActionFunctionArgs) {
  const { slug } = await schoolPage(args);
  const form = await args.request.formData();
  try {
    await apiClient(args.context.config, slug).post('/api/v1/auth/password-reset/confirm', {
      token: String(form.get('token') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    return { done: true, error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { done: false, error: error.errors[0]?.message ?? error.detail };
    throw error;
  }
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  return (
    <section className="card narrow">
      <h1>{t('reset.title')}</h1>
      {result?.done ? (
        <p role="status">
          {t('reset.done')} <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      ) : (
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <label htmlFor="password">{t('reset.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
          />
          {result?.error ? (
            <p className="error" role="alert">
              {result.error}
            </p>
          ) : null}
          <button type="submit">{t('reset.submit')}</button>
        </Form>
      )}
    </section>
  );
}
