import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { PeoplePage, type PeopleResult } from '../components/people-page.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { inviteStudent } from '../lib/student-import.server.ts';
import type { Page, Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.students.title');

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await staffPage(args);
  return { people: (await api.get<Page<Person>>('/api/v1/students?limit=100')).data };
}

/**
 * Adds a student; one added without a password is mailed an invitation at once. Or resends the
 * invitation of a student who has not chosen a password yet.
 */
export async function action(args: ActionFunctionArgs): Promise<NonNullable<PeopleResult>> {
  const { api } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  if (form.intent === 'invite') {
    const sent = await inviteStudent(api, args.request, form.studentId ?? '');
    return { added: null, error: null, invited: sent.sentTo, inviteError: sent.error };
  }
  try {
    const person = await api.post<Person>('/api/v1/students', {
      name: form.name,
      email: form.email,
      ...(form.password ? { password: form.password } : {}),
    });
    if (form.password) return { added: person.name, error: null };
    const sent = await inviteStudent(api, args.request, person.id);
    return { added: person.name, error: null, invited: sent.sentTo, inviteError: sent.error };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    return {
      added: null,
      error: error.detail,
      fields: Object.fromEntries(error.errors.map((e) => [e.path.replace(/^body\./, ''), e.message])),
    };
  }
}

export default function Students() {
  const { people } = useLoaderData<typeof loader>();
  const root = useRoot();
  const t = translator(root.locale);
  const lessonsOn = root.school?.modules.includes('lessons') ?? false;
  return (
    <PeoplePage
      title={t('admin.students.title')}
      noun="student"
      invite
      people={people}
      result={useActionData<typeof action>()}
      rowAction={(p) => (
        <>
          {lessonsOn ? (
            <>
              {' · '}
              <Link to={`/students/${p.id}/progress`} aria-label={`${t('lessons.progress')}: ${p.name}`}>
                {t('lessons.progress')}
              </Link>
            </>
          ) : null}
          {' · '}
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="invite" />
            <input type="hidden" name="studentId" value={p.id} />
            <button
              type="submit"
              className="link"
              aria-label={t('admin.students.resendTo', { name: p.name })}
            >
              {t('admin.students.resend')}
            </button>
          </Form>
        </>
      )}
    >
      <p>
        <Link to="/admin/students/import">{t('admin.students.importLink')}</Link>
      </p>
    </PeoplePage>
  );
}
