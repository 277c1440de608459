import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { schoolPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('forgot.title');

export async function loader(args: LoaderFunctionArgs) {
  await schoolPage(args);
  return null;
}

/** Asks the API to mail a reset link that opens this school's reset page. */
export async function action(args: ActionFunctionArgs) {
  const { slug } = await schoolPage(args);
  const email = String((await args.request.formData()).get('email') ?? '');
  const here = new URL(args.request.url);
  const host = args.request.headers.get('host') ?? here.host;
  try {
    await apiClient(args.context.config, slug).post('/api/v1/auth/password-reset', {
      email,
      resetUrl: `${here.protocol}//${host}/reset-password`,
    });
    return { sent: email, error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { sent: null, error: error.errors[0]?.message ?? error.detail };
    throw error;
  }
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  return (
    <section className="card narrow">
      <h1>{t('forgot.title')}</h1>
      {result?.sent ? (
        <p role="status">{t('forgot.sent', { email: result.sent })}</p>
      ) : (
        <Form method="post">
          <label htmlFor="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
          {result?.error ? (
            <p className="error" role="alert">
              {result.error}
            </p>
          ) : null}
          <button type="submit">{t('forgot.submit')}</button>
        </Form>
      )}
    </section>
  );
}
