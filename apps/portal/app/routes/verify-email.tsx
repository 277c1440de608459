import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { schoolPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';

export const meta = titleFor('verify.title');

/** Opening the emailed link confirms the address (a GET that changes one flag, idempotently). */
export async function loader(args: LoaderFunctionArgs) {
  const { slug, t } = await schoolPage(args);
  const token = new URL(args.request.url).searchParams.get('token') ?? '';
  try {
    await apiClient(args.context.config, slug).post('/api/v1/auth/verify-email', { token });
    return { ok: true, message: t('verify.done'), home: t('nav.home') };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { ok: false, message: t('verify.failed'), home: t('nav.home') };
    throw error;
  }
}

export default function VerifyEmail() {
  const { ok, message, home } = useLoaderData<typeof loader>();
  return (
    <section className="card narrow">
      <h1>{message}</h1>
      <p role={ok ? 'status' : 'alert'}>
        <Link to="/home">{home}</Link>
      </p>
    </section>
  );
}
