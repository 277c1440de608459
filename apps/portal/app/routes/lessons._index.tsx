import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { formatDateTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import type { Lesson } from '../lib/lessons.ts';
import { ownerOf } from '../lib/offline-record.ts';
import { useOutboxList } from '../lib/offline-record-state.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { may } from '../lib/permissions.ts';
import type { Page, Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('lessons.title');

/**
 * The instructor's recent taught lessons (newest first), each to record or edit while it is open.
 * With the service worker, the record pages of the open lessons are copied for offline use, and a
 * record still on the phone (waiting to sync, or refused) is said beside its lesson.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!me.instructorId || !may(me, 'lessons:lesson:record:own')) throw redirect('/home');
  const [lessons, students] = await Promise.all([
    api.get<Page<Lesson>>(`/api/v1/lessons?instructorId=${me.instructorId}&limit=50`),
    api.get<Page<Person>>('/api/v1/students?limit=100'),
  ]);
  return {
    owner: ownerOf(me),
    lessons: lessons.data,
    names: Object.fromEntries(students.data.map((s) => [s.id, s.name])) as Record<string, string>,
  };
}

export default function Lessons() {
  const { owner, lessons, names } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const onPhone = useOutboxList(
    owner,
    // The newest open lessons (newest first): the ones a phone may need to record with no signal.
    lessons
      .filter((l) => !l.locked)
      .slice(0, 12)
      .map((l) => `/lessons/${l.id}/record`),
  );
  return (
    <>
      <h1>{t('lessons.title')}</h1>
      <p id="offline" className="offline" hidden>
        {t('offline.banner')}
      </p>
      {lessons.length === 0 ? (
        <EmptyState
          title={t('lessons.empty')}
          next={t('empty.lessons.next')}
          action={{ to: '/diary', label: t('empty.lessons.action') }}
        />
      ) : null}
      <ul className="lessons">
        {lessons.map((l) => {
          const name = names[l.studentId] ?? t('lessons.student');
          const when = formatDateTime(l.taughtAt, locale, zone);
          return (
            <li key={l.id} className="card" data-testid="lesson-record" data-lesson={l.id}>
              <h2>
                {name} · {when}
              </h2>
              <p>
                {l.locked
                  ? t('lessons.locked')
                  : l.recordedAt
                    ? t('lessons.recorded')
                    : t('lessons.notRecorded')}
              </p>
              {onPhone[l.id] ? (
                <p className="offline" data-testid="lesson-on-phone">
                  {t(onPhone[l.id] === 'pending' ? 'lessons.onPhone' : 'lessons.notSent')}
                </p>
              ) : null}
              <p className="actions">
                {l.locked ? null : (
                  <a
                    href={`/lessons/${l.id}/record`}
                    aria-label={`${t(l.recordedAt ? 'lessons.edit' : 'lessons.record')}: ${name}, ${when}`}
                  >
                    {t(l.recordedAt ? 'lessons.edit' : 'lessons.record')}
                  </a>
                )}
                <a
                  href={`/students/${l.studentId}/progress`}
                  aria-label={`${t('lessons.progress')}: ${name}`}
                >
                  {t('lessons.progress')}
                </a>
              </p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
