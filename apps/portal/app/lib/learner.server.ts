import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { studentName } from './lessons.ts';
import { signedInPage } from './page.server.ts';

/**
 * A page about one learner (`/students/:id/...`): the student themself, the instructors who have
 * taught them, their guardians and the office. The API decides who may see what; someone else
 * gets its 404 (the portal's not-found page) from the loader's first read.
 */
export async function learnerPage(args: Pick<LoaderFunctionArgs, 'request' | 'context' | 'params'>) {
  const page = await signedInPage(args);
  if (!page.school.modules.includes('lessons')) throw redirect('/home');
  const studentId = args.params.id ?? '';
  const self = page.me.studentId === studentId;
  return {
    ...page,
    studentId,
    self,
    path: `/api/v1/students/${encodeURIComponent(studentId)}`,
    /** The learner's name for the heading ('' when the caller may not read the students list). */
    name: () => (self ? Promise.resolve('') : studentName(page.api, studentId)),
  };
}
