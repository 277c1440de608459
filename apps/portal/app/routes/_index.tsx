import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { schoolHostsAsFormTargets } from '../lib/content-security-policy.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import { loadSchool, schoolSlugOf } from '../lib/school.server.ts';
import { readSession } from '../lib/session.server.ts';

export const meta = titleFor('landing.title');
/** "Find your school" posts here and is redirected on to the school's own host. */
export const handle = { csp: schoolHostsAsFormTargets };

/** A school's address goes to its home (or sign-in); the bare domain is the platform's own page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (schoolSlugOf(request, context.config)) {
    const session = await readSession(request, context.config);
    throw redirect(session.get('token') ? '/home' : '/sign-in');
  }
  return null;
}

/** "Find your school": to <slug>.<domain> on the same port, when such a school exists. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const slug = String(form.get('slug') ?? '')
    .trim()
    .toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) || !(await loadSchool(context.config, slug)))
    return { unknown: slug };
  const url = new URL(request.url);
  const host = request.headers.get('host') ?? url.host;
  const port = host.includes(':') ? `:${host.split(':')[1]}` : '';
  throw redirect(`${url.protocol}//${slug}.${context.config.appDomain}${port}/sign-in`);
}

export default function Landing() {
  const t = translator('en-GB');
  const result = useActionData<typeof action>();
  return (
    <section className="card narrow">
      <h1>{t('landing.title')}</h1>
      <p>{t('landing.lead')}</p>
      <h2>{t('landing.find')}</h2>
      <Form method="post">
        <label htmlFor="slug">{t('landing.slug')}</label>
        <input
          id="slug"
          name="slug"
          required
          autoComplete="off"
          aria-describedby={result ? 'slug-error' : undefined}
        />
        {result ? (
          <p id="slug-error" className="error" role="alert">
            {t('landing.unknown', { slug: result.unknown })}
          </p>
        ) : null}
        <button type="submit">{t('landing.go')}</button>
      </Form>
      <p>
        <Link to="/operator/sign-in">{t('landing.operators')}</Link>
      </p>
    </section>
  );
}
