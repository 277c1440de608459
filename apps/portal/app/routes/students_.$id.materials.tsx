import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormField, SelectField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { LearnerNav } from '../components/learner-nav.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { dateIn, formatDateTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { learnerPage } from '../lib/learner.server.ts';
import type { Lesson } from '../lib/lessons.ts';
import { formatCalendarDay, type Material } from '../lib/lessons-records.ts';
import { may } from '../lib/permissions.ts';
import type { Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

const KINDS = ['reading', 'link', 'file'] as const;
type Values = { kind: string; title: string; url: string; description: string; lessonId: string };

/** What a learner has been given to read or watch (per lesson or in general); instructors and the office assign it. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, me, path, studentId, self, name } = await learnerPage(args);
  const canAssign =
    !self && (may(me, 'lessons:materials:assign:own') || may(me, 'lessons:materials:assign:any'));
  const [materials, lessons, who] = await Promise.all([
    api.get<{ data: Material[] }>(`${path}/materials`),
    api
      .get<Page<Lesson>>(`/api/v1/lessons?studentId=${encodeURIComponent(studentId)}&limit=50`)
      .catch(() => ({ data: [] as Lesson[] })),
    name(),
  ]);
  return {
    title: who ? t('materials.titleOf', { name: who }) : t('materials.title'),
    studentId,
    self,
    materials: materials.data,
    lessons: lessons.data.map((l) => ({ id: l.id, taughtAt: l.taughtAt })),
    canAssign,
    saved: new URL(args.request.url).searchParams.get('saved'),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t, path, studentId } = await learnerPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const values: Values = {
    kind: form.kind ?? 'reading',
    title: (form.title ?? '').trim(),
    url: (form.url ?? '').trim(),
    description: (form.description ?? '').trim(),
    lessonId: form.lessonId ?? '',
  };
  try {
    await api.post(`${path}/materials`, {
      kind: values.kind,
      title: values.title,
      ...(values.url ? { url: values.url } : {}),
      ...(values.description ? { description: values.description } : {}),
      ...(values.lessonId ? { lessonId: values.lessonId } : {}),
    });
    return redirect(`/students/${studentId}/materials?saved=${encodeURIComponent(values.title)}`);
  } catch (error) {
    return { problem: formProblem(error, values, t), values };
  }
}

export default function Materials() {
  const { title, studentId, self, materials, lessons, canAssign, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const fields = result?.problem.fields ?? {};
  const values: Values = result?.values ?? {
    kind: 'reading',
    title: '',
    url: '',
    description: '',
    lessonId: '',
  };
  const lessonDate = (id: string | null) => {
    const l = id ? lessons.find((x) => x.id === id) : undefined;
    return l ? formatDateTime(l.taughtAt, locale, zone) : null;
  };
  return (
    <>
      <h1>{title}</h1>
      <LearnerNav t={t} studentId={studentId} self={self} />
      {saved ? <Toast>{t('materials.saved', { name: saved })}</Toast> : null}
      {materials.length === 0 ? (
        <p className="card">{canAssign ? t('materials.noneStaff') : t('materials.none')}</p>
      ) : null}
      <ul className="lessons">
        {materials.map((m) => {
          const forLesson = lessonDate(m.lessonId);
          return (
            <li key={m.id} className="card" data-testid="material">
              <h2>{m.url ? <a href={m.url}>{m.title}</a> : m.title}</h2>
              <p className="hint">
                {t(`materials.kind.${m.kind}`)} ·{' '}
                {t('materials.assigned', {
                  date: formatCalendarDay(dateIn(new Date(m.createdAt), zone), locale),
                })}
                {forLesson ? ` · ${t('materials.forLesson', { date: forLesson })}` : null}
              </p>
              {m.description ? <p>{m.description}</p> : null}
            </li>
          );
        })}
      </ul>
      {canAssign ? (
        <section className="card" aria-labelledby="assign-h">
          <h2 id="assign-h">{t('materials.add')}</h2>
          <Form method="post" key={saved ?? 'new'}>
            <FormProblemAlert problem={result?.problem} whenFieldsMarked={t('materials.invalid')} />
            <div className="fields">
              <SelectField
                id="kind"
                label={t('materials.kind')}
                options={KINDS.map((k) => [k, t(`materials.kind.${k}`)] as const)}
                defaultValue={values.kind}
                error={fields.kind}
              />
              <FormField
                id="title"
                label={t('materials.materialTitle')}
                defaultValue={values.title}
                error={fields.title}
                required
              />
              <FormField
                id="url"
                type="url"
                label={t('materials.url')}
                defaultValue={values.url}
                error={fields.url}
              />
              <SelectField
                id="lessonId"
                label={t('materials.lesson')}
                options={[
                  ['', t('materials.anyLesson')] as const,
                  ...lessons.map((l) => [l.id, formatDateTime(l.taughtAt, locale, zone)] as const),
                ]}
                defaultValue={values.lessonId}
                error={fields.lessonId}
              />
            </div>
            <div className="field">
              <label htmlFor="description">{t('materials.description')}</label>
              <textarea id="description" name="description" rows={3} defaultValue={values.description} />
            </div>
            <button type="submit">{t('materials.save')}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
