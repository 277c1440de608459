import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormField, SelectField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { dateIn } from '../lib/format.ts';
import { type MessageKey, translator } from '../lib/i18n.ts';
import {
  type DocumentCategory,
  type DocumentRecord,
  expiryState,
  formatCalendarDay,
  INSTRUCTOR_CATEGORIES,
  STUDENT_CATEGORIES,
} from '../lib/lessons-records.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { may } from '../lib/permissions.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('docs.title');

const FIELDS = ['category', 'title', 'reference', 'issuedOn', 'expiresOn'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

async function documentsPage(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const page = await signedInPage(args);
  if (!page.school.modules.includes('lessons') || !may(page.me, 'lessons:documents:create:own'))
    throw redirect('/home');
  return page;
}

/** The signed-in person's own documents (a student's licence, an instructor's badge) with expiry warnings. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, school, me } = await documentsPage(args);
  const url = new URL(args.request.url);
  const documents = (await api.get<{ data: DocumentRecord[] }>('/api/v1/documents')).data;
  return {
    documents,
    today: dateIn(new Date(), school.timezone),
    categories: me.instructorId ? INSTRUCTOR_CATEGORIES : STUDENT_CATEGORIES,
    added: url.searchParams.get('added'),
    removed: url.searchParams.get('removed'),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t } = await documentsPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  if (form.intent === 'remove') {
    await api.del(`/api/v1/documents/${encodeURIComponent(form.id ?? '')}`);
    return redirect(`/documents?removed=${encodeURIComponent(form.name ?? '')}`);
  }
  const values = Object.fromEntries(FIELDS.map((f) => [f, (form[f] ?? '').trim()])) as Values;
  try {
    await api.post('/api/v1/documents', {
      category: values.category,
      ...(values.title ? { title: values.title } : {}),
      ...(values.reference ? { reference: values.reference } : {}),
      ...(values.issuedOn ? { issuedOn: values.issuedOn } : {}),
      ...(values.expiresOn ? { expiresOn: values.expiresOn } : {}),
    });
    const name = values.title || t(`docs.category.${values.category}` as MessageKey);
    return redirect(`/documents?added=${encodeURIComponent(name)}`);
  } catch (error) {
    return { problem: formProblem(error, values, t), values };
  }
}

export default function Documents() {
  const { documents, today, categories, added, removed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const fields = result?.problem.fields ?? {};
  const values: Values = result?.values ?? {
    category: categories[0]!,
    title: '',
    reference: '',
    issuedOn: '',
    expiresOn: '',
  };
  const nameOf = (d: DocumentRecord) => d.title || t(`docs.category.${d.category}`);
  const warningOf = (d: DocumentRecord) => {
    const { state, daysLeft } = expiryState(d.expiresOn, today);
    if (state === 'expired')
      return { tone: 'error', text: t('docs.expired', { date: formatCalendarDay(d.expiresOn!, locale) }) };
    if (state === 'expiring')
      return {
        tone: 'warning',
        text:
          daysLeft === 0
            ? t('docs.expiringToday')
            : t('docs.expiringIn', { days: daysLeft!, date: formatCalendarDay(d.expiresOn!, locale) }),
      };
    return null;
  };
  const attention = documents.flatMap((d) => {
    const w = warningOf(d);
    return w ? [{ d, w }] : [];
  });
  return (
    <>
      <h1>{t('docs.title')}</h1>
      <p>{t('docs.lead')}</p>
      {added ? <Toast>{t('docs.added', { name: added })}</Toast> : null}
      {removed ? <Toast>{t('docs.removed', { name: removed })}</Toast> : null}
      {attention.length > 0 ? (
        <section className="card" aria-labelledby="attention-h" data-testid="document-warnings">
          <h2 id="attention-h">{t('docs.warnings')}</h2>
          <ul className="warnings">
            {attention.map(({ d, w }) => (
              <li key={d.id} className={w.tone}>
                {nameOf(d)}: {w.text}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {documents.length === 0 ? <p className="card">{t('docs.none')}</p> : null}
      <ul className="lessons">
        {documents.map((d) => {
          const warning = warningOf(d);
          return (
            <li key={d.id} className="card" data-testid="document" data-document={d.id}>
              <h2>{nameOf(d)}</h2>
              <dl className="facts">
                {d.title ? (
                  <>
                    <dt>{t('docs.category')}</dt>
                    <dd>{t(`docs.category.${d.category}`)}</dd>
                  </>
                ) : null}
                {d.reference ? (
                  <>
                    <dt>{t('docs.number')}</dt>
                    <dd>{d.reference}</dd>
                  </>
                ) : null}
              </dl>
              <p>
                {d.issuedOn
                  ? `${t('docs.issued', { date: formatCalendarDay(d.issuedOn, locale) })} · `
                  : null}
                {d.expiresOn
                  ? t('docs.expires', { date: formatCalendarDay(d.expiresOn, locale) })
                  : t('docs.noExpiry')}
              </p>
              {warning ? <p className={warning.tone}>{warning.text}</p> : null}
              <p>
                {d.verifiedAt
                  ? t('docs.verified', {
                      date: formatCalendarDay(dateIn(new Date(d.verifiedAt), zone), locale),
                    })
                  : t('docs.unverified')}
              </p>
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="id" value={d.id} />
                <input type="hidden" name="name" value={nameOf(d)} />
                <button
                  type="submit"
                  className="secondary"
                  aria-label={t('docs.removeLabel', { name: nameOf(d) })}
                >
                  {t('docs.remove')}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">{t('docs.add')}</h2>
        <Form method="post" key={added ?? 'new'}>
          <input type="hidden" name="intent" value="add" />
          <FormProblemAlert problem={result?.problem} whenFieldsMarked={t('docs.invalid')} />
          <div className="fields">
            <SelectField
              id="category"
              label={t('docs.category')}
              options={categories.map((c) => [c, t(`docs.category.${c as DocumentCategory}`)] as const)}
              defaultValue={values.category}
              error={fields.category}
            />
            <FormField
              id="title"
              label={t('docs.docTitle')}
              defaultValue={values.title}
              error={fields.title}
            />
            <FormField
              id="reference"
              label={t('docs.reference')}
              hint={t('docs.referenceHint')}
              defaultValue={values.reference}
              error={fields.reference}
              autoComplete="off"
            />
            <FormField
              id="issuedOn"
              type="date"
              label={t('docs.issuedOn')}
              defaultValue={values.issuedOn}
              error={fields.issuedOn}
            />
            <FormField
              id="expiresOn"
              type="date"
              label={t('docs.expiresOn')}
              hint={t('docs.expiresHint')}
              defaultValue={values.expiresOn}
              error={fields.expiresOn}
            />
          </div>
          <button type="submit">{t('docs.addButton')}</button>
        </Form>
      </section>
    </>
  );
}
