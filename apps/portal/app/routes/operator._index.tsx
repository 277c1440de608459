import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { type MessageKey, translator } from '../lib/i18n.ts';
import { operatorPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('operator.schools.title');

type Tenant = {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  currency: string;
  status: string;
  modules: string[];
};

/** The operator's schools (search by name or slug) and the form to open a new one. */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await operatorPage(args);
  const q = new URL(args.request.url).searchParams.get('q') ?? '';
  const page = await api.get<{ data: Tenant[] }>(
    `/api/v1/platform/tenants?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`,
  );
  return { tenants: page.data, q, created: new URL(args.request.url).searchParams.get('created') };
}

/** Creates a school with the same checks as the API; each field at fault is shown beside it. */
export async function action(args: ActionFunctionArgs) {
  const { api } = await operatorPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  try {
    await api.post('/api/v1/platform/tenants', {
      slug: form.slug,
      name: form.name,
      timezone: form.timezone,
      currency: form.currency,
      locale: form.locale,
      owner: { name: form.ownerName, email: form.ownerEmail, password: form.ownerPassword },
    });
    return redirect(`/operator?created=${encodeURIComponent(form.slug ?? '')}`);
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return {
        form,
        detail: error.detail,
        fields: Object.fromEntries(error.errors.map((e) => [e.path.replace(/^body\./, ''), e.message])),
      };
    throw error;
  }
}

const FIELDS: [name: string, label: MessageKey, apiPath: string, type?: string][] = [
  ['slug', 'operator.new.slug', 'slug'],
  ['name', 'operator.new.name', 'name'],
  ['timezone', 'operator.new.timezone', 'timezone'],
  ['currency', 'operator.new.currency', 'currency'],
  ['locale', 'operator.new.locale', 'locale'],
  ['ownerName', 'operator.new.ownerName', 'owner.name'],
  ['ownerEmail', 'operator.new.ownerEmail', 'owner.email', 'email'],
  ['ownerPassword', 'operator.new.ownerPassword', 'owner.password', 'password'],
];

export default function Operator() {
  const { tenants, q, created } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  return (
    <>
      <h1>{t('operator.schools.title')}</h1>
      {created ? <Toast>{t('operator.new.created', { slug: created })}</Toast> : null}
      <Form method="get" role="search" className="card">
        <label htmlFor="q">{t('operator.schools.search')}</label>
        <input id="q" name="q" defaultValue={q} />
        <button type="submit">{t('operator.schools.searchSubmit')}</button>
      </Form>
      <table className="card table">
        <caption>{t('operator.schools.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('operator.schools.name')}</th>
            <th scope="col">{t('operator.schools.slug')}</th>
            <th scope="col">{t('operator.schools.zone')}</th>
            <th scope="col">{t('operator.schools.status')}</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((tenant) => (
            <tr key={tenant.id}>
              <td>
                <Link to={`/operator/schools/${tenant.slug}`}>{tenant.name}</Link>
              </td>
              <td>{tenant.slug}</td>
              <td>{tenant.timezone}</td>
              <td>
                {t(tenant.status === 'suspended' ? 'operator.status.suspended' : 'operator.status.active')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tenants.length === 0 && q ? <p>{t('operator.schools.none', { q })}</p> : null}
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h">{t('operator.new.title')}</h2>
        <Form method="post">
          {FIELDS.map(([name, label, path, type]) => (
            <div key={name}>
              <label htmlFor={name}>{t(label)}</label>
              <input
                id={name}
                name={name}
                type={type ?? 'text'}
                required
                defaultValue={type === 'password' ? undefined : result?.form[name]}
                aria-invalid={result?.fields[path] ? true : undefined}
                aria-describedby={result?.fields[path] ? `${name}-error` : undefined}
              />
              {result?.fields[path] ? (
                <p id={`${name}-error`} className="error">
                  {result.fields[path]}
                </p>
              ) : null}
            </div>
          ))}
          {result?.detail ? (
            <p className="error" role="alert">
              {result.detail}
            </p>
          ) : null}
          <button type="submit">{t('operator.new.submit')}</button>
        </Form>
      </section>
    </>
  );
}
