import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { translator } from '../lib/i18n.ts';
import { messagingPage } from '../lib/messaging.server.ts';
import { newClientId } from '../lib/messaging.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('msg.new');

type Contacts = {
  office: boolean;
  people: { userId: string; name: string; role: 'student' | 'instructor' }[];
};

/** The new-message chooser offers only whom the API says the person may write to. */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await messagingPage(args);
  const contacts = await api.get<Contacts>('/api/v1/messaging/contacts');
  return { contacts, clientId: newClientId() };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t } = await messagingPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const to = form.to ?? '';
  const values = { to, subject: form.subject ?? '', body: form.body ?? '' };
  try {
    const started = await api.post<{ thread: { id: string } }>('/api/v1/messaging/threads', {
      ...(to === 'office' ? { office: true } : { recipientUserId: to }),
      ...(values.subject.trim() ? { subject: values.subject.trim() } : {}),
      body: values.body,
      ...(form.clientId ? { clientId: form.clientId } : {}),
    });
    return redirect(`/messages/${started.thread.id}`);
  } catch (error) {
    return { problem: formProblem(error, values, t), values };
  }
}

export default function NewMessage() {
  const { contacts, clientId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useRoot();
  const t = translator(locale);
  const fields = result?.problem.fields ?? {};
  const nothing = contacts.people.length === 0 && !contacts.office;
  return (
    <section aria-labelledby="new-h" className="card">
      <p>
        <Link to="/messages">{t('msg.back')}</Link>
      </p>
      <h2 id="new-h">{t('msg.new')}</h2>
      {result?.problem ? <FormProblemAlert problem={result.problem} fieldsShown={[]} /> : null}
      {nothing ? (
        <p>{t('msg.noContacts')}</p>
      ) : (
        <Form method="post" className="compose">
          <input type="hidden" name="clientId" value={clientId} />
          <p>
            <label htmlFor="to">{t('msg.to')}</label>
            <br />
            <select
              id="to"
              name="to"
              required
              defaultValue={result?.values.to ?? ''}
              aria-invalid={fields.recipientUserId || fields.office ? true : undefined}
            >
              <option value="" disabled>
                …
              </option>
              {contacts.office ? <option value="office">{t('msg.office')}</option> : null}
              {contacts.people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor="subject">{t('msg.subject')}</label>
            <br />
            <input id="subject" name="subject" maxLength={200} defaultValue={result?.values.subject ?? ''} />
          </p>
          <p>
            <label htmlFor="body">{t('msg.compose')}</label>
            <br />
            <textarea
              id="body"
              name="body"
              required
              maxLength={4000}
              defaultValue={result?.values.body ?? ''}
              aria-invalid={fields.body ? true : undefined}
            />
          </p>
          <button type="submit">{t('msg.start')}</button>
        </Form>
      )}
    </section>
  );
}
