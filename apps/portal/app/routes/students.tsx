import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { formatDateTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('nav.students');

type MyStudent = {
  id: string;
  name: string;
  email: string;
  assigned: boolean;
  primary: boolean;
  nextLesson: { bookingId: string; start: string; end: string; status: string } | null;
  lessonsTaught: number;
};

/** The students this instructor teaches, as the API decides: assigned to them or booked with them. */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  return {
    students: (await api.get<{ data: MyStudent[] }>(`/api/v1/instructors/${me.instructorId}/students`)).data,
  };
}

export default function MyStudents() {
  const { students } = useLoaderData<typeof loader>();
  const { locale, zone, school } = useRoot();
  const t = translator(locale);
  const lessonsOn = school?.modules.includes('lessons') ?? false;
  return (
    <>
      <h1>{t('myStudents.title')}</h1>
      {students.length === 0 ? (
        <EmptyState
          title={t('myStudents.empty')}
          next={t('empty.students.next')}
          action={{ to: '/availability', label: t('empty.diary.action') }}
        />
      ) : null}
      <ul className="lessons">
        {students.map((s) => (
          <li key={s.id} className="card" data-testid="my-student">
            <h2>{s.name}</h2>
            <p>
              <a href={`mailto:${s.email}`}>{s.email}</a>
            </p>
            {s.primary ? <p>{t('myStudents.primary')}</p> : null}
            <dl className="facts">
              <dt>{t('myStudents.next')}</dt>
              <dd data-testid="next-lesson">
                {s.nextLesson
                  ? `${formatDateTime(s.nextLesson.start, locale, zone)}${
                      s.nextLesson.status === 'pending' ? ` (${t('myStudents.requested')})` : ''
                    }`
                  : t('myStudents.noNext')}
              </dd>
              <dt>{t('myStudents.taught')}</dt>
              <dd data-testid="lessons-taught">{s.lessonsTaught}</dd>
            </dl>
            {lessonsOn && s.lessonsTaught > 0 ? (
              <p>
                <a href={`/students/${s.id}/progress`} aria-label={`${t('lessons.progress')}: ${s.name}`}>
                  {t('lessons.progress')}
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
