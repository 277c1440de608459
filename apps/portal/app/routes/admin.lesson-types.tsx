import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { formatMoney } from '../lib/format.ts';
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
  const { api, t } = await staffPage(args);
  const form = await args.request.formData();
  const price = Number(String(form.get('price')).replace(',', '.'));
  if (!Number.isFinite(price) || price < 0)
    return { added: null, error: t('admin.setup.lessonTypes.priceError') };
  try {
    const created = await api.post<LessonType>('/api/v1/lesson-types', {
      name: String(form.get('name')),
      durationMinutes: Number(form.get('duration')),
      priceMinor: Math.round(price * 100),
    });
    return { added: created.name, error: null };
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

export default function LessonTypes() {
  const { types } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { school, locale } = useRoot();
  const t = translator(locale);
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
          <label htmlFor="name">{t('admin.setup.lessonTypes.name')}</label>
          <input id="name" name="name" required />
          <label htmlFor="duration">{t('admin.setup.lessonTypes.duration')}</label>
          <input
            id="duration"
            name="duration"
            type="number"
            min={15}
            max={600}
            step={15}
            defaultValue={60}
            required
          />
          <label htmlFor="price">{t('admin.setup.lessonTypes.price', { currency: school!.currency })}</label>
          <input id="price" name="price" inputMode="decimal" required />
          {result?.error ? (
            <p className="error" role="alert">
              {result.error}
            </p>
          ) : null}
          {result?.added ? (
            <p role="status">{t('admin.setup.lessonTypes.added', { name: result.added })}</p>
          ) : null}
          <button type="submit">{t('admin.setup.lessonTypes.addButton')}</button>
        </Form>
      </section>
    </>
  );
}
