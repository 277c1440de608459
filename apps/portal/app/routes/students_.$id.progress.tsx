import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { LearnerNav } from '../components/learner-nav.tsx';
import { ProgressView } from '../components/progress-view.tsx';
import { translator } from '../lib/i18n.ts';
import { type StudentProgress, studentName } from '../lib/lessons.ts';
import { signedInPage } from '../lib/page.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/**
 * One student's progress for their instructors and the office. The API decides who may see it:
 * anyone else (another student, an instructor who never taught them) gets its 404, shown as the
 * portal's not-found page.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t } = await signedInPage(args);
  const id = args.params.id ?? '';
  const progress = await api.get<StudentProgress>(`/api/v1/students/${encodeURIComponent(id)}/progress`);
  // The name when the caller may read the students list; the heading does without otherwise.
  const name = await studentName(api, progress.studentId);
  return {
    progress,
    title: name ? t('progress.titleOf', { name }) : t('progress.title'),
  };
}

export default function StudentProgressPage() {
  const { progress, title } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  return (
    <ProgressView
      t={t}
      locale={locale}
      zone={zone}
      title={title}
      progress={progress}
      nav={<LearnerNav t={t} studentId={progress.studentId} self={false} />}
    />
  );
}
