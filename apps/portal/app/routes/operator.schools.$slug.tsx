import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { operatorPage } from '../lib/page.server.ts';

export const meta: MetaFunction = () => [{ title: 'School modules — operator' }];

const MODULES = ['scheduling', 'lessons', 'payments', 'messaging', 'crm', 'analytics'] as const;
type Tenant = { slug: string; name: string; modules: string[] };

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await operatorPage(args);
  const page = await api.get<{ data: Tenant[] }>(
    `/api/v1/platform/tenants?limit=100&q=${encodeURIComponent(args.params.slug!)}`,
  );
  const school = page.data.find((t) => t.slug === args.params.slug);
  if (!school) throw new Response('Not found', { status: 404 });
  return { school };
}

/** Turns one module on or off; the API refuses a change that would strand a dependency (shown here). */
export async function action(args: ActionFunctionArgs) {
  const { api } = await operatorPage(args);
  const form = await args.request.formData();
  const module = String(form.get('module'));
  try {
    await api.put(`/api/v1/platform/tenants/${args.params.slug}/modules/${module}`, {
      enabled: form.get('enabled') === 'true',
    });
    return { error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { error: error.detail };
    throw error;
  }
}

export default function SchoolModules() {
  const { school } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card">
      <h1>{school.name}: modules</h1>
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      <ul className="lessons">
        {MODULES.map((m) => {
          const on = school.modules.includes(m);
          return (
            <li key={m} className="card" data-testid={`module-${m}`}>
              <Form method="post" className="actions">
                <strong>{m}</strong> · {on ? 'on' : 'off'}
                <input type="hidden" name="module" value={m} />
                <input type="hidden" name="enabled" value={on ? 'false' : 'true'} />
                <button type="submit" className={on ? 'secondary' : undefined}>
                  {on ? `Turn ${m} off` : `Turn ${m} on`}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
