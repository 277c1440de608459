import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ProgressView } from '../components/progress-view.tsx';
import { learnerPage } from '../lib/guardian.server.ts';
import { translator } from '../lib/i18n.ts';
import type { StudentProgress } from '../lib/lessons.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/** A learner's progress and readiness, for their guardian (read-only: the student's own view). */
export async function loader(args: LoaderFunctionArgs) {
  const { api, t, learner } = await learnerPage(args);
  const progress = await api.get<StudentProgress>(`/api/v1/students/${learner.studentId}/progress`);
  return { progress, title: t('guardian.progressOf', { name: learner.name }) };
}

export default function LearnerProgress() {
  const { progress, title } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  return (
    <ProgressView t={translator(locale)} locale={locale} zone={zone} title={title} progress={progress} />
  );
}
