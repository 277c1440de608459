import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { staffPage } from '../lib/page.server.ts';
import type { Page, Person } from '../lib/types.ts';

export const meta: MetaFunction = () => [{ title: 'Students' }];

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await staffPage(args);
  return { students: (await api.get<Page<Person>>('/api/v1/students?limit=100')).data };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  try {
    const person = await api.post<Person>('/api/v1/students', {
      name: form.name,
      email: form.email,
      password: form.password,
    });
    return { added: person.name, error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return {
        added: null,
        error:
          error.errors.map((e) => `${e.path.replace('body.', '')}: ${e.message}`).join('; ') || error.detail,
      };
    throw error;
  }
}

export default function Students() {
  const { students } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Students</h1>
      <ul className="lessons">
        {students.map((i) => (
          <li key={i.id} className="card">
            <strong>{i.name}</strong> · {i.email}
          </li>
        ))}
      </ul>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">Add a student</h2>
        <Form method="post">
          <label htmlFor="name">Name</label>
          <input id="name" name="name" required />
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" required />
          <label htmlFor="password">First password</label>
          <input id="password" name="password" type="password" required minLength={10} />
          {result?.error ? (
            <p className="error" role="alert">
              {result.error}
            </p>
          ) : null}
          {result?.added ? <p role="status">{result.added} added.</p> : null}
          <button type="submit">Add student</button>
        </Form>
      </section>
    </>
  );
}
