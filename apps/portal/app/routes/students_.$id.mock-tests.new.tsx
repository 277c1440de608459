import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormField } from '../components/form-field.tsx';
import { LearnerNav } from '../components/learner-nav.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { translator } from '../lib/i18n.ts';
import { learnerPage } from '../lib/learner.server.ts';
import type { Syllabus } from '../lib/lessons.ts';
import type { MockTest } from '../lib/lessons-records.ts';
import { may } from '../lib/permissions.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

const KINDS = [
  ['driving', 'mock.driving'],
  ['serious', 'mock.serious'],
  ['dangerous', 'mock.dangerous'],
] as const;

async function markingPage(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const page = await learnerPage(args);
  const { me, self, studentId } = page;
  if (self || !(may(me, 'lessons:assessments:record:own') || may(me, 'lessons:assessments:record:any')))
    throw redirect(`/students/${studentId}/tests`);
  return page;
}

/** An instructor's (or the office's) mock test sheet to fill in: faults per skill, as an examiner marks them. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, path, studentId, name } = await markingPage(args);
  // Reading the learner's mock tests first: someone who may not see this learner gets the 404 here.
  await api.get(`${path}/mock-tests`);
  const [syllabus, settings, who] = await Promise.all([
    api.get<Syllabus>('/api/v1/syllabus'),
    api.get<{ maxDrivingFaults: number }>('/api/v1/lessons/settings'),
    name(),
  ]);
  return {
    title: who ? t('mock.titleOf', { name: who }) : t('mock.title'),
    studentId,
    maxDrivingFaults: settings.maxDrivingFaults,
    categories: syllabus.categories
      .map((c) => ({ id: c.id, name: c.name, skills: c.skills.filter((s) => !s.retiredAt) }))
      .filter((c) => c.skills.length > 0),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t, path, studentId } = await markingPage(args);
  const form = await args.request.formData();
  const counts = new Map<string, { skillId: string; driving: number; serious: number; dangerous: number }>();
  for (const [key, raw] of form.entries()) {
    const [kind, skillId] = key.split(':');
    if (!skillId || !KINDS.some(([k]) => k === kind)) continue;
    const n = Number(raw || 0);
    const row = counts.get(skillId) ?? { skillId, driving: 0, serious: 0, dangerous: 0 };
    row[kind as 'driving'] = Number.isFinite(n) ? n : -1;
    counts.set(skillId, row);
  }
  const faults = [...counts.values()].filter((f) => f.driving || f.serious || f.dangerous);
  const takenAt = String(form.get('takenAt') ?? '');
  const summary = String(form.get('summary') ?? '').trim();
  try {
    const marked = await api.post<MockTest>(`${path}/mock-tests`, {
      faults,
      ...(takenAt ? { takenAt: new Date(takenAt).toISOString() } : {}),
      ...(summary ? { summary } : {}),
    });
    return redirect(`/students/${studentId}/mock-tests/${marked.id}?saved=1`);
  } catch (error) {
    return { problem: formProblem(error, {}, t) };
  }
}

export default function MarkMockTest() {
  const { title, studentId, maxDrivingFaults, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{title}</h1>
      <LearnerNav t={t} studentId={studentId} self={false} />
      <p>{t('mock.lead', { max: maxDrivingFaults })}</p>
      {categories.length === 0 ? (
        <p className="card">{t('mock.noSkills')}</p>
      ) : (
        <Form method="post" className="card">
          {result?.problem ? (
            <div role="alert" className="error">
              <p>{t('mock.invalid')}</p>
              <p>{result.problem.detail}</p>
            </div>
          ) : null}
          <FormField id="takenAt" type="datetime-local" label={t('mock.takenAt')} />
          {categories.map((c) => (
            <table key={c.id} className="table mock-sheet">
              <caption>{c.name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('mock.skill')}</th>
                  {KINDS.map(([kind, label]) => (
                    <th key={kind} scope="col">
                      {t(label)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {c.skills.map((s) => (
                  <tr key={s.id} data-testid="mock-skill" data-skill={s.id}>
                    <th scope="row">{s.name}</th>
                    {KINDS.map(([kind, label]) => (
                      <td key={kind}>
                        <input
                          type="number"
                          inputMode="numeric"
                          min={0}
                          max={99}
                          name={`${kind}:${s.id}`}
                          defaultValue={0}
                          aria-label={t('mock.faultLabel', { kind: t(label), skill: s.name })}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <div className="field">
            <label htmlFor="summary">{t('mock.summary')}</label>
            <textarea id="summary" name="summary" rows={3} />
          </div>
          <button type="submit">{t('mock.save')}</button>
        </Form>
      )}
    </>
  );
}
