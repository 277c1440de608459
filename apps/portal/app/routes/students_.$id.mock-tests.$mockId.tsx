import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { LearnerNav } from '../components/learner-nav.tsx';
import { Toast } from '../components/toast.tsx';
import { formatDateTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { learnerPage } from '../lib/learner.server.ts';
import type { Syllabus } from '../lib/lessons.ts';
import type { MockTest } from '../lib/lessons-records.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/** One mock test as its sheet (read-only): the result, the totals, and the faults skill by skill. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, path, studentId, self, name } = await learnerPage(args);
  const [mocks, syllabus, who] = await Promise.all([
    api.get<{ data: MockTest[] }>(`${path}/mock-tests`),
    api.get<Syllabus>('/api/v1/syllabus'),
    name(),
  ]);
  const mock = mocks.data.find((m) => m.id === args.params.mockId);
  if (!mock) throw new Response('Not found', { status: 404 });
  const skills = new Map(
    syllabus.categories
      .flatMap((c) => c.skills.map((s) => ({ id: s.id, name: s.name, category: c.name })))
      .map((s, order) => [s.id, { ...s, order }] as const),
  );
  return {
    title: who ? t('sheet.titleOf', { name: who }) : t('sheet.title'),
    studentId,
    self,
    mock,
    saved: new URL(args.request.url).searchParams.get('saved') === '1',
    // In syllabus order, with each skill's current name (a renamed skill keeps its faults).
    rows: mock.faults
      .filter((f) => f.driving || f.serious || f.dangerous)
      .map((f) => ({
        ...f,
        ...(skills.get(f.skillId) ?? { name: '–', category: '', order: Number.MAX_SAFE_INTEGER }),
      }))
      .sort((a, b) => a.order - b.order),
  };
}

export default function MockTestSheet() {
  const { title, studentId, self, mock, saved, rows } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{title}</h1>
      <LearnerNav t={t} studentId={studentId} self={self} />
      {saved ? <Toast>{t('sheet.saved')}</Toast> : null}
      <section className="card" aria-labelledby="result-h">
        <h2 id="result-h">{t('sheet.result')}</h2>
        <p className={`figure${mock.result === 'pass' ? '' : ' error'}`} data-testid="mock-result">
          {t(`mock.${mock.result}`)}
        </p>
        <p>{t('sheet.when', { date: formatDateTime(mock.takenAt, locale, zone) })}</p>
        <dl className="facts" aria-label={t('sheet.totals')}>
          <dt>{t('sheet.drivingTotal')}</dt>
          <dd data-testid="mock-driving">{mock.drivingFaults}</dd>
          <dt>{t('sheet.seriousTotal')}</dt>
          <dd>{mock.seriousFaults}</dd>
          <dt>{t('sheet.dangerousTotal')}</dt>
          <dd>{mock.dangerousFaults}</dd>
          {mock.upgradedFaults ? (
            <>
              <dt>{t('sheet.upgraded')}</dt>
              <dd>{mock.upgradedFaults}</dd>
            </>
          ) : null}
        </dl>
        {mock.summary ? (
          <>
            <h3>{t('sheet.summary')}</h3>
            <p>{mock.summary}</p>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="faults-h">
        <h2 id="faults-h">{t('sheet.faults')}</h2>
        {rows.length === 0 ? (
          <p>{t('sheet.noFaults')}</p>
        ) : (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('mock.skill')}</th>
                  <th scope="col">{t('mock.driving')}</th>
                  <th scope="col">{t('mock.serious')}</th>
                  <th scope="col">{t('mock.dangerous')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.skillId} data-testid="sheet-row">
                    <th scope="row">
                      {r.name}
                      {r.category ? <span className="hint"> · {r.category}</span> : null}
                    </th>
                    <td>{r.driving}</td>
                    <td className={r.serious ? 'error' : undefined}>{r.serious}</td>
                    <td className={r.dangerous ? 'error' : undefined}>{r.dangerous}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>{t('sheet.otherSkills')}</p>
          </>
        )}
      </section>
      <p>
        <Link to={`/students/${studentId}/tests`}>{t('sheet.back')}</Link>
      </p>
    </>
  );
}
