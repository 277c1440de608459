import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { LogbookView } from '../components/logbook-view.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { learnerPage } from '../lib/guardian.server.ts';
import { translator } from '../lib/i18n.ts';
import type { Logbook, PracticeEntry } from '../lib/logbook.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/** A learner's logbook for their guardian, with the practice drives they supervised to confirm. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, learner } = await learnerPage(args);
  const [book, entries, self] = await Promise.all([
    api.get<Logbook>(`/api/v1/students/${learner.studentId}/logbook`),
    api.get<{ data: PracticeEntry[] }>(`/api/v1/students/${learner.studentId}/practice-entries`),
    api.get<{ user: { id: string } }>('/api/v1/auth/me'),
  ]);
  return {
    book,
    entries: entries.data,
    myUserId: self.user.id,
    title: t('guardian.logbookOf', { name: learner.name }),
  };
}

/** Confirms or rejects one drive; the API decides whether this guardian may. */
export async function action(args: ActionFunctionArgs) {
  const { api, t } = await learnerPage(args);
  const form = await args.request.formData();
  const intent = form.get('intent') === 'reject' ? 'reject' : 'confirm';
  const id = String(form.get('entryId') ?? '');
  try {
    await api.post(`/api/v1/practice-entries/${encodeURIComponent(id)}/${intent}`);
    return { ok: t(intent === 'confirm' ? 'logbook.confirmed' : 'logbook.rejected'), problem: null };
  } catch (error) {
    return { ok: null, problem: formProblem(error) };
  }
}

export default function LearnerLogbook() {
  const { book, entries, myUserId, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  return (
    <>
      <h1>{title}</h1>
      {result?.ok ? (
        <p role="status" data-testid="logbook-status">
          {result.ok}
        </p>
      ) : null}
      <FormProblemAlert problem={result?.problem} />
      <LogbookView t={t} book={book} entries={entries} canDecide={(e) => e.supervisorUserId === myUserId} />
    </>
  );
}
