import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { LearnerNav } from '../components/learner-nav.tsx';
import { ProgressView } from '../components/progress-view.tsx';
import { translator } from '../lib/i18n.ts';
import type { StudentProgress } from '../lib/lessons.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { may } from '../lib/permissions.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('nav.progress');

/** The signed-in student's own progress (readiness, what next, every skill's level). */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!me.studentId || !may(me, 'lessons:progress:read:own')) throw redirect('/home');
  return { progress: await api.get<StudentProgress>(`/api/v1/students/${me.studentId}/progress`) };
}

export default function MyProgress() {
  const { progress } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  return (
    <ProgressView
      t={t}
      locale={locale}
      zone={zone}
      title={t('nav.progress')}
      progress={progress}
      emptyAction={{ to: '/book', label: t('nav.book') }}
      nav={<LearnerNav t={t} studentId={progress.studentId} self />}
    />
  );
}
