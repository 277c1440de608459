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
import { type MessageKey, translator } from '../lib/i18n.ts';
import { learnerPage } from '../lib/learner.server.ts';
import { LEVELS, type Syllabus } from '../lib/lessons.ts';
import { formatCalendarDay, type Goal } from '../lib/lessons-records.ts';
import { may } from '../lib/permissions.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

type Values = {
  title: string;
  targetTestOn: string;
  weeklyLessons: string;
  targetLevel: string;
  skillIds: string[];
};

/**
 * A learner's goals (a test date to aim for, lessons a week, skills to master) with how far each
 * has come; the learner sets their own, their instructors and the office set them too.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, me, path, studentId, self, name } = await learnerPage(args);
  const [goals, syllabus, who] = await Promise.all([
    api.get<{ data: Goal[] }>(`${path}/goals`),
    api.get<Syllabus>('/api/v1/syllabus'),
    name(),
  ]);
  return {
    title: who ? t('goals.titleOf', { name: who }) : t('goals.title'),
    studentId,
    self,
    goals: goals.data,
    skillNames: Object.fromEntries(
      syllabus.categories.flatMap((c) => c.skills.map((s) => [s.id, s.name])),
    ) as Record<string, string>,
    categories: syllabus.categories
      .map((c) => ({ id: c.id, name: c.name, skills: c.skills.filter((s) => !s.retiredAt) }))
      .filter((c) => c.skills.length > 0),
    canSet: may(me, 'lessons:goals:manage:own') || may(me, 'lessons:goals:manage:any'),
    saved: new URL(args.request.url).searchParams.get('saved'),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t, path, studentId } = await learnerPage(args);
  const form = await args.request.formData();
  const values: Values = {
    title: String(form.get('title') ?? '').trim(),
    targetTestOn: String(form.get('targetTestOn') ?? ''),
    weeklyLessons: String(form.get('weeklyLessons') ?? ''),
    targetLevel: String(form.get('targetLevel') ?? '4'),
    skillIds: form.getAll('skillIds').map(String),
  };
  try {
    await api.post(`${path}/goals`, {
      title: values.title,
      ...(values.targetTestOn ? { targetTestOn: values.targetTestOn } : {}),
      ...(values.weeklyLessons ? { weeklyLessons: Number(values.weeklyLessons) } : {}),
      targetLevel: Number(values.targetLevel),
      ...(values.skillIds.length ? { skillIds: values.skillIds } : {}),
    });
    return redirect(`/students/${studentId}/goals?saved=${encodeURIComponent(values.title)}`);
  } catch (error) {
    return { problem: formProblem(error, { ...values, skillIds: '' }, t), values };
  }
}

export default function Goals() {
  const { title, studentId, self, goals, skillNames, categories, canSet, saved } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useRoot();
  const t = translator(locale);
  const fields = result?.problem.fields ?? {};
  const values: Values = result?.values ?? {
    title: '',
    targetTestOn: '',
    weeklyLessons: '',
    targetLevel: '4',
    skillIds: [],
  };
  return (
    <>
      <h1>{title}</h1>
      <LearnerNav t={t} studentId={studentId} self={self} />
      {saved ? <Toast>{t('goals.saved', { name: saved })}</Toast> : null}
      {goals.length === 0 ? <p className="card">{t('goals.none')}</p> : null}
      <ul className="lessons">
        {goals.map((g) => (
          <li key={g.id} className="card" data-testid="goal">
            <h2>{g.title}</h2>
            <p>{t(`goals.status.${g.status}`)}</p>
            <ul>
              {g.targetTestOn ? (
                <li>{t('goals.target', { date: formatCalendarDay(g.targetTestOn, locale) })}</li>
              ) : null}
              {g.weeklyLessons ? <li>{t('goals.weekly', { count: g.weeklyLessons })}</li> : null}
              <li>
                {g.skillIds.length === 0
                  ? t('goals.noSkills')
                  : t('goals.skills', {
                      done: g.skillsAtTarget,
                      total: g.skillIds.length,
                      level: t(`level.${g.targetLevel}` as MessageKey),
                    })}
              </li>
            </ul>
            {g.skillIds.length > 0 ? (
              <>
                <progress
                  max={g.skillIds.length}
                  value={g.skillsAtTarget}
                  aria-label={t('goals.progressLabel', { title: g.title })}
                  className="full-width"
                />
                <p className="hint">{g.skillIds.map((id) => skillNames[id] ?? '–').join(' · ')}</p>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {canSet ? (
        <section className="card" aria-labelledby="goal-h">
          <h2 id="goal-h">{t('goals.add')}</h2>
          <Form method="post" key={saved ?? 'new'}>
            <FormProblemAlert problem={result?.problem} whenFieldsMarked={t('goals.invalid')} />
            <FormField
              id="title"
              label={t('goals.goalTitle')}
              hint={t('goals.goalTitleHint')}
              defaultValue={values.title}
              error={fields.title}
              required
            />
            <div className="fields">
              <FormField
                id="targetTestOn"
                type="date"
                label={t('goals.targetTestOn')}
                defaultValue={values.targetTestOn}
                error={fields.targetTestOn}
              />
              <FormField
                id="weeklyLessons"
                type="number"
                min={1}
                max={14}
                label={t('goals.weeklyLessons')}
                defaultValue={values.weeklyLessons}
                error={fields.weeklyLessons}
              />
              <SelectField
                id="targetLevel"
                label={t('goals.targetLevel')}
                options={LEVELS.map((l) => [String(l), `${l} · ${t(`level.${l}` as MessageKey)}`] as const)}
                defaultValue={values.targetLevel}
                error={fields.targetLevel}
              />
            </div>
            <fieldset>
              <legend>{t('goals.skillsToMaster')}</legend>
              {fields.skillIds ? <p className="error">{fields.skillIds}</p> : null}
              {categories.map((c) => (
                <details key={c.id}>
                  <summary>{c.name}</summary>
                  {c.skills.map((s) => (
                    <label key={s.id} className="option">
                      <input
                        type="checkbox"
                        name="skillIds"
                        value={s.id}
                        defaultChecked={values.skillIds.includes(s.id)}
                      />
                      {s.name}
                    </label>
                  ))}
                </details>
              ))}
            </fieldset>
            <button type="submit">{t('goals.save')}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
