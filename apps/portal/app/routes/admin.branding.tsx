import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { forgetSchool } from '../lib/school.server.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.branding.title');

export async function loader(args: LoaderFunctionArgs) {
  await staffPage(args);
  return null;
}

/** Name, colours and online sign-up; the API refuses a brand colour white text cannot be read on. */
export async function action(args: ActionFunctionArgs) {
  const { slug, api } = await staffPage(args);
  const form = await args.request.formData();
  try {
    await api.patch('/api/v1/school', {
      name: String(form.get('name')),
      branding: {
        primaryColor: String(form.get('primaryColor')),
        accentColor: String(form.get('accentColor')),
      },
      selfSignup: form.get('selfSignup') === 'on',
    });
    forgetSchool(slug);
    return { saved: true, error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { saved: false, error: error.errors[0]?.message ?? error.detail };
    throw error;
  }
}

export default function Branding() {
  const { school, locale } = useRoot();
  const t = translator(locale);
  const result = useActionData<typeof action>();
  return (
    <section className="card narrow">
      <h1>{t('admin.setup.branding.title')}</h1>
      <Form method="post">
        <label htmlFor="name">{t('admin.setup.branding.name')}</label>
        <input id="name" name="name" required defaultValue={school!.name} />
        <label htmlFor="primaryColor">{t('admin.setup.branding.primary')}</label>
        <input
          id="primaryColor"
          name="primaryColor"
          type="color"
          defaultValue={school!.branding.primaryColor ?? '#1e3a8a'}
        />
        <label htmlFor="accentColor">{t('admin.setup.branding.accent')}</label>
        <input
          id="accentColor"
          name="accentColor"
          type="color"
          defaultValue={school!.branding.accentColor ?? '#b45309'}
        />
        <label className="option">
          <input type="checkbox" name="selfSignup" defaultChecked={school!.selfSignup} />
          {t('admin.setup.branding.selfSignup')}
        </label>
        {result?.error ? (
          <p className="error" role="alert">
            {result.error}
          </p>
        ) : null}
        {result?.saved ? <Toast>{t('admin.setup.branding.saved')}</Toast> : null}
        <button type="submit">{t('admin.setup.branding.save')}</button>
      </Form>
    </section>
  );
}
