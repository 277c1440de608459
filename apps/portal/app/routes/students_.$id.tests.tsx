import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { LearnerNav } from '../components/learner-nav.tsx';
import { formatDateTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { learnerPage } from '../lib/learner.server.ts';
import { formatCalendarDay, type MockTest, type TestRecord } from '../lib/lessons-records.ts';
import { may } from '../lib/permissions.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/**
 * A learner's test history (theory and practical: date, centre, result, the examiner's faults)
 * and their mock tests, each with its sheet. Instructors and the office mark a new mock test here.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, me, path, studentId, self, name } = await learnerPage(args);
  const [tests, mocks, who] = await Promise.all([
    api.get<{ data: TestRecord[] }>(`${path}/tests`),
    api.get<{ data: MockTest[] }>(`${path}/mock-tests`),
    name(),
  ]);
  // Centre names come from the school's locations, when the caller may read them.
  const locations = await api
    .get<{ data: { id: string; name: string }[] }>('/api/v1/locations')
    .catch(() => ({ data: [] }));
  return {
    title: who ? t('tests.titleOf', { name: who }) : t('tests.title'),
    studentId,
    self,
    tests: tests.data,
    mocks: mocks.data,
    centres: Object.fromEntries(locations.data.map((l) => [l.id, l.name])) as Record<string, string>,
    canMark:
      !self && (may(me, 'lessons:assessments:record:own') || may(me, 'lessons:assessments:record:any')),
  };
}

export default function Tests() {
  const { title, studentId, self, tests, mocks, centres, canMark } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const faults = (r: {
    drivingFaults: number | null;
    seriousFaults: number | null;
    dangerousFaults: number | null;
  }) =>
    r.drivingFaults === null
      ? '–'
      : `${r.drivingFaults} / ${r.seriousFaults ?? 0} / ${r.dangerousFaults ?? 0}`;
  return (
    <>
      <h1>{title}</h1>
      <LearnerNav t={t} studentId={studentId} self={self} />
      <section className="card" aria-labelledby="tests-h">
        <h2 id="tests-h">{t('tests.history')}</h2>
        {tests.length === 0 ? (
          <p>{t('tests.none')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('tests.kind')}</th>
                <th scope="col">{t('tests.date')}</th>
                <th scope="col">{t('tests.centre')}</th>
                <th scope="col">{t('tests.result')}</th>
                <th scope="col">{t('tests.faults')}</th>
              </tr>
            </thead>
            <tbody>
              {tests.map((r) => (
                <tr key={r.id} data-testid="test-record">
                  <td>{t(`tests.kind.${r.kind}`)}</td>
                  <td>{formatCalendarDay(r.testOn, locale)}</td>
                  <td>{r.centreLocationId ? (centres[r.centreLocationId] ?? '–') : t('tests.noCentre')}</td>
                  <td>{t(`tests.status.${r.status}`)}</td>
                  <td>{faults(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="mocks-h">
        <h2 id="mocks-h">{t('tests.mocks')}</h2>
        {mocks.length === 0 ? <p>{canMark ? t('tests.noMocksStaff') : t('tests.noMocks')}</p> : null}
        {mocks.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('tests.takenAt')}</th>
                <th scope="col">{t('tests.result')}</th>
                <th scope="col">{t('tests.faults')}</th>
                <th scope="col">{t('tests.sheet')}</th>
              </tr>
            </thead>
            <tbody>
              {mocks.map((m) => {
                const when = formatDateTime(m.takenAt, locale, zone);
                return (
                  <tr key={m.id} data-testid="mock-test">
                    <td>{when}</td>
                    <td className={m.result === 'pass' ? undefined : 'error'}>{t(`mock.${m.result}`)}</td>
                    <td>{faults(m)}</td>
                    <td>
                      <Link
                        to={`/students/${studentId}/mock-tests/${m.id}`}
                        aria-label={t('tests.viewSheet', { date: when })}
                      >
                        {t('tests.sheet')}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        {canMark ? (
          <p>
            <Link to={`/students/${studentId}/mock-tests/new`}>{t('tests.markMock')}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
