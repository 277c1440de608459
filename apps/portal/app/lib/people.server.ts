import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { ApiProblem } from './api.server.ts';
import { staffPage } from './page.server.ts';
import type { Page, Person } from './types.ts';

type Kind = 'instructors' | 'students';

/** The school's instructors or students, for the office's pages. */
export async function loadPeople(args: LoaderFunctionArgs, kind: Kind) {
  const { api } = await staffPage(args);
  return { people: (await api.get<Page<Person>>(`/api/v1/${kind}?limit=100`)).data };
}

/** Adds one through the API; its refusals come back as one line for the form. */
export async function addPerson(args: ActionFunctionArgs, kind: Kind) {
  const { api } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  try {
    const person = await api.post<Person>(`/api/v1/${kind}`, {
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
