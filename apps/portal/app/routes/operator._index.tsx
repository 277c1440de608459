import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { operatorPage } from '../lib/page.server.ts';

export const meta: MetaFunction = () => [{ title: 'Schools — operator' }];

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
  return { tenants: page.data, q };
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

const FIELDS: [name: string, label: string, apiPath: string, type?: string][] = [
  ['slug', 'Web name (slug)', 'slug'],
  ['name', 'School name', 'name'],
  ['timezone', 'Time zone (IANA, e.g. Europe/London)', 'timezone'],
  ['currency', 'Currency (ISO 4217, e.g. GBP)', 'currency'],
  ['locale', 'Locale (e.g. en-GB)', 'locale'],
  ['ownerName', 'Owner’s name', 'owner.name'],
  ['ownerEmail', 'Owner’s email', 'owner.email', 'email'],
  ['ownerPassword', 'Owner’s first password', 'owner.password', 'password'],
];

export default function Operator() {
  const { tenants, q } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Schools</h1>
      <Form method="get" role="search" className="card">
        <label htmlFor="q">Search schools</label>
        <input id="q" name="q" defaultValue={q} />
        <button type="submit">Search</button>
      </Form>
      <table className="card table">
        <caption>Schools on the platform</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Zone</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((t) => (
            <tr key={t.id}>
              <td>
                <Link to={`/operator/schools/${t.slug}`}>{t.name}</Link>
              </td>
              <td>{t.slug}</td>
              <td>{t.timezone}</td>
              <td>{t.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h">Open a new school</h2>
        <Form method="post">
          {FIELDS.map(([name, label, path, type]) => (
            <div key={name}>
              <label htmlFor={name}>{label}</label>
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
          <button type="submit">Create school</button>
        </Form>
      </section>
    </>
  );
}
