import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { formatMoney, parseMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { LessonType } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.lessonTypes.title');

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await staffPage(args);
  return { types: (await api.get<{ data: LessonType[] }>('/api/v1/lesson-types')).data };
}

/** Prices are typed in major units (45.00) and sent as minor units, as the API keeps money. */
export async function action(args: ActionFunctionArgs) {
  const { school, api, t } = await staffPage(args);
  const form = await args.request.formData();
  const priceMinor = parseMoney(String(form.get('price') ?? ''), school.currency);
  if (priceMinor === null || priceMinor < 0)
    return {
      added: null,
      problem: { detail: '', fields: { priceMinor: t('admin.setup.lessonTypes.priceError') } },
    };
  const body = {
    name: String(form.get('name') ?? ''),
    durationMinutes: Number(form.get('duration')),
    priceMinor,
  };
  try {
    const created = await api.post<LessonType>('/api/v1/lesson-types', body);
    return { added: created.name, problem: null };
  } catch (error) {
    return { added: null, problem: formProblem(error, body, t) };
  }
}

export default function LessonTypes() {
  const { types } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const fields = result?.problem?.fields ?? {};
  return (
    <>
      <h1>{t('admin.setup.lessonTypes.title')}</h1>
      <ul className="lessons">
        {types.map((l) => (
          <li key={l.id} className="card">
            <strong>{l.name}</strong> · {t('admin.setup.lessonTypes.minutes', { minutes: l.durationMinutes })}{' '}
            · {formatMoney(l.priceMinor, school!.currency, locale)}
          </li>
        ))}
      </ul>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">{t('admin.setup.lessonTypes.add')}</h2>
        <Form method="post">
          <FormField id="name" label={t('admin.setup.lessonTypes.name')} required error={fields.name} />
          <FormField
            id="duration"
            label={t('admin.setup.lessonTypes.duration')}
            type="number"
            min={15}
            max={600}
            step={15}
            defaultValue={60}
            required
            error={fields.durationMinutes}
          />
          <FormField
            id="price"
            label={t('admin.setup.lessonTypes.price', { currency: school!.currency })}
            inputMode="decimal"
            required
            error={fields.priceMinor}
          />
          <FormProblemAlert
            problem={result?.problem}
            fieldsShown={['name', 'durationMinutes', 'priceMinor']}
          />
          {result?.added ? <Toast>{t('admin.setup.lessonTypes.added', { name: result.added })}</Toast> : null}
          <button type="submit">{t('admin.setup.lessonTypes.addButton')}</button>
        </Form>
      </section>
    </>
  );
}
