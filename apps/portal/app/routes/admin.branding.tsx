import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { SchoolLogo } from '../components/school-logo.tsx';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { forgetSchool } from '../lib/school.server.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.branding.title');

const LOGO_FORM_MAX_BYTES = 2 * 1024 * 1024 + 16 * 1024;

export async function loader(args: LoaderFunctionArgs) {
  await staffPage(args);
  return null;
}

/** The logo form: the file goes on to the API, which checks, sanitises and resizes it. */
async function logoAction(api: Awaited<ReturnType<typeof staffPage>>['api'], form: FormData) {
  if (form.get('intent') === 'remove-logo') {
    await api.del('/api/v1/school/logo');
    return { saved: false, error: null, logo: 'removed' as const, logoError: null };
  }
  const file = form.get('file');
  const upload = new FormData();
  if (file instanceof File && file.size > 0) upload.append('file', file, file.name);
  try {
    await api.putForm('/api/v1/school/logo', upload);
    return { saved: false, error: null, logo: 'uploaded' as const, logoError: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { saved: false, error: null, logo: null, logoError: error.detail || error.errors[0]?.message };
    throw error;
  }
}

/** Name, colours and online sign-up; the API refuses a brand colour white text cannot be read on. */
export async function action(args: ActionFunctionArgs) {
  const { slug, api } = await staffPage(args);
  // The multipart envelope adds a little to the file; anything far larger is refused unread.
  if (Number(args.request.headers.get('content-length') ?? 0) > LOGO_FORM_MAX_BYTES)
    return { saved: false, error: null, logo: null, logoError: 'The file is larger than 2 MB.' };
  const form = await args.request.formData();
  if (form.get('intent') === 'logo' || form.get('intent') === 'remove-logo') {
    const result = await logoAction(api, form);
    forgetSchool(slug);
    return result;
  }
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
    return { saved: true, error: null, logo: null, logoError: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { saved: false, error: error.errors[0]?.message ?? error.detail, logo: null, logoError: null };
    throw error;
  }
}

export default function Branding() {
  const { school, locale } = useRoot();
  const t = translator(locale);
  const result = useActionData<typeof action>();
  return (
    <>
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
      <section className="card narrow" aria-labelledby="logo-h">
        <h2 id="logo-h">{t('logo.title')}</h2>
        <p>{school!.branding.logo ? t('logo.current') : t('logo.none')}</p>
        <p>
          <SchoolLogo school={school!} />
        </p>
        {result?.logoError ? (
          <p className="error" role="alert">
            {result.logoError}
          </p>
        ) : null}
        {result?.logo === 'uploaded' ? <Toast>{t('logo.uploaded')}</Toast> : null}
        {result?.logo === 'removed' ? <Toast>{t('logo.removed')}</Toast> : null}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="logo" />
          <label htmlFor="logo-file">{t('logo.file')}</label>
          <input
            id="logo-file"
            name="file"
            type="file"
            required
            accept="image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg"
            aria-describedby="logo-hint"
          />
          <p id="logo-hint" className="hint">
            {t('logo.hint')}
          </p>
          <button type="submit">{t('logo.upload')}</button>
        </Form>
        {school!.branding.logo ? (
          <Form method="post">
            <input type="hidden" name="intent" value="remove-logo" />
            <button type="submit" className="secondary">
              {t('logo.remove')}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}
