import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { CredentialsFields } from '../components/credentials-fields.tsx';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import { schoolSlugOf } from '../lib/school.server.ts';
import { operatorStorage } from '../lib/session.server.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('operator.signIn.title');

export function loader({ request, context }: LoaderFunctionArgs) {
  if (schoolSlugOf(request, context.config)) throw new Response('Not found', { status: 404 });
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (schoolSlugOf(request, context.config)) throw new Response('Not found', { status: 404 });
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  try {
    const { token } = await apiClient(context.config, null).post<{ token: string }>(
      '/api/v1/platform/login',
      {
        email,
        password: String(form.get('password') ?? ''),
      },
    );
    const storage = operatorStorage(context.config);
    const session = await storage.getSession();
    session.set('token', token);
    session.set('email', email);
    return redirect('/operator', { headers: { 'set-cookie': await storage.commitSession(session) } });
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { email, error: 'failed' as const };
    throw error;
  }
}

export default function OperatorSignIn() {
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  return (
    <section className="card narrow">
      <h1>{t('operator.signIn.title')}</h1>
      <Form method="post">
        <CredentialsFields
          email={result?.email}
          error={result?.error ? t('operator.signIn.failed') : null}
          t={t}
        />
        <button type="submit">{t('signIn.submit')}</button>
      </Form>
    </section>
  );
}
