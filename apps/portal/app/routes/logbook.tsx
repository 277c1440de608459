import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormField, SelectField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { LogbookView } from '../components/logbook-view.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { dateIn } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import type { Logbook, PracticeEntry } from '../lib/logbook.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { may } from '../lib/permissions.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('logbook.title');

type Guardian = { guardianUserId: string; name: string };

/** The student's own logbook: where they stand, their practice drives, a form to log one. */
async function studentLogbookPage(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const page = await signedInPage(args);
  if (
    !page.me.studentId ||
    !page.school.modules.includes('lessons') ||
    !may(page.me, 'lessons:progress:read:own')
  )
    throw redirect('/home');
  return { ...page, studentId: page.me.studentId };
}

export async function loader(args: LoaderFunctionArgs) {
  const { api, studentId, school } = await studentLogbookPage(args);
  const [book, entries, guardians] = await Promise.all([
    api.get<Logbook>(`/api/v1/students/${studentId}/logbook`),
    api.get<{ data: PracticeEntry[] }>(`/api/v1/students/${studentId}/practice-entries`),
    api.get<{ data: Guardian[] }>(`/api/v1/students/${studentId}/guardians`),
  ]);
  return {
    book,
    entries: entries.data,
    guardians: guardians.data.map((g) => [g.guardianUserId, g.name] as const),
    today: dateIn(new Date(), school.timezone),
  };
}

/** Logs a practice drive, or invites a guardian (whose link opens this school's accept page). */
export async function action(args: ActionFunctionArgs) {
  const { api, studentId, t } = await studentLogbookPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  if (form.intent === 'invite') {
    const here = new URL(args.request.url);
    const host = args.request.headers.get('host') ?? here.host;
    try {
      await api.post(`/api/v1/students/${studentId}/guardian-invitations`, {
        email: form.email,
        ...(form.relationship ? { relationship: form.relationship } : {}),
        acceptUrl: `${here.protocol}//${host}/guardian/accept`,
      });
      return { intent: 'invite', ok: t('logbook.invited', { email: form.email ?? '' }), problem: null, form };
    } catch (error) {
      return { intent: 'invite', ok: null, problem: formProblem(error, form, t), form };
    }
  }
  try {
    const entry = await api.post<PracticeEntry>(`/api/v1/students/${studentId}/practice-entries`, {
      date: form.date,
      start: form.start,
      minutes: Number(form.minutes),
      nightMinutes: form.nightMinutes ? Number(form.nightMinutes) : 0,
      supervisorUserId: form.supervisorUserId,
      ...(form.notes ? { notes: form.notes } : {}),
    });
    return { intent: 'add', ok: t('logbook.added', { name: entry.supervisorName }), problem: null, form: {} };
  } catch (error) {
    return { intent: 'add', ok: null, problem: formProblem(error, form, t), form };
  }
}

export default function MyLogbook() {
  const { book, entries, guardians, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const t = translator(useRoot().locale);
  const add = result?.intent === 'add' ? result : null;
  const invite = result?.intent === 'invite' ? result : null;
  const addFields = add?.problem?.fields ?? {};
  const inviteFields = invite?.problem?.fields ?? {};
  return (
    <>
      <h1>{t('logbook.title')}</h1>
      <LogbookView t={t} book={book} entries={entries} />
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">{t('logbook.add')}</h2>
        {add?.ok ? (
          <p role="status" data-testid="logbook-status">
            {add.ok}
          </p>
        ) : null}
        {guardians.length === 0 ? (
          <p>{t('logbook.noGuardian')}</p>
        ) : (
          <Form method="post" className="fields">
            <input type="hidden" name="intent" value="add" />
            <FormProblemAlert
              problem={add?.problem}
              fieldsShown={['date', 'start', 'minutes', 'nightMinutes', 'supervisorUserId', 'notes']}
            />
            <FormField
              id="date"
              type="date"
              label={t('logbook.date')}
              required
              max={today}
              defaultValue={add?.form.date ?? today}
              error={addFields.date}
            />
            <FormField
              id="start"
              type="time"
              label={t('logbook.start')}
              required
              defaultValue={add?.form.start}
              error={addFields.start}
            />
            <FormField
              id="minutes"
              type="number"
              inputMode="numeric"
              min={1}
              max={720}
              label={t('logbook.minutes')}
              required
              defaultValue={add?.form.minutes}
              error={addFields.minutes}
            />
            <FormField
              id="nightMinutes"
              type="number"
              inputMode="numeric"
              min={0}
              max={720}
              label={t('logbook.nightMinutes')}
              hint={t('logbook.nightHint')}
              defaultValue={add?.form.nightMinutes ?? '0'}
              error={addFields.nightMinutes}
            />
            <SelectField
              id="supervisorUserId"
              label={t('logbook.supervisor')}
              options={guardians}
              defaultValue={add?.form.supervisorUserId}
              error={addFields.supervisorUserId}
            />
            <FormField
              id="notes"
              label={t('logbook.notes')}
              defaultValue={add?.form.notes}
              error={addFields.notes}
            />
            <button type="submit" disabled={busy}>
              {t('logbook.addSubmit')}
            </button>
          </Form>
        )}
      </section>
      <section className="card" aria-labelledby="invite-h">
        <h2 id="invite-h">{t('logbook.invite')}</h2>
        {invite?.ok ? <Toast>{invite.ok}</Toast> : null}
        <Form method="post" className="fields">
          <input type="hidden" name="intent" value="invite" />
          <FormProblemAlert problem={invite?.problem} fieldsShown={['email', 'relationship']} />
          <FormField
            id="email"
            type="email"
            label={t('logbook.inviteEmail')}
            autoComplete="off"
            required
            defaultValue={invite?.ok ? '' : invite?.form.email}
            error={inviteFields.email}
          />
          <FormField
            id="relationship"
            label={t('logbook.inviteRelationship')}
            defaultValue={invite?.ok ? '' : invite?.form.relationship}
            error={inviteFields.relationship}
          />
          <button type="submit" disabled={busy}>
            {t('logbook.inviteSubmit')}
          </button>
        </Form>
      </section>
    </>
  );
}
