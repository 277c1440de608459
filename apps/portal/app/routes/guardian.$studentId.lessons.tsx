import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { formatDateTime } from '../lib/format.ts';
import { learnerPage } from '../lib/guardian.server.ts';
import { translator } from '../lib/i18n.ts';
import type { Lesson } from '../lib/lessons.ts';
import type { Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/** A learner's taught lessons, read-only, for their guardian. */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, learner } = await learnerPage(args);
  const lessons = await api.get<Page<Lesson>>(`/api/v1/lessons?studentId=${learner.studentId}&limit=100`);
  return { lessons: lessons.data, title: t('guardian.lessonsOf', { name: learner.name }) };
}

export default function LearnerLessons() {
  const { lessons, title } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{title}</h1>
      {lessons.length === 0 ? (
        <p className="card">{t('guardian.lessons.empty')}</p>
      ) : (
        <table className="table card">
          <caption>{t('guardian.lessons.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('guardian.lessons.when')}</th>
              <th scope="col">{t('guardian.lessons.minutes')}</th>
              <th scope="col">{t('guardian.lessons.recorded')}</th>
              <th scope="col">{t('guardian.lessons.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {lessons.map((l) => (
              <tr key={l.id} data-testid="learner-lesson">
                <td>{formatDateTime(l.taughtAt, locale, zone)}</td>
                <td>{l.minutes}</td>
                <td>
                  {l.recordedAt ? formatDateTime(l.recordedAt, locale, zone) : t('lessons.notRecorded')}
                </td>
                <td>{l.notes ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
