import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import type { Learner } from './logbook.ts';
import { signedInPage } from './page.server.ts';

/**
 * A guardian's page: signed in with the guardian role at a school that has lessons; with the
 * learners they follow. Anyone else is sent home.
 */
export async function guardianPage(args: Pick<LoaderFunctionArgs, 'request' | 'context'>) {
  const page = await signedInPage(args);
  if (!page.me.roles.includes('guardian') || !page.school.modules.includes('lessons'))
    throw redirect('/home');
  const learners = await page.api.get<{ data: Learner[] }>('/api/v1/guardian/learners');
  return { ...page, learners: learners.data };
}

/** A guardian's page about one learner: not one of theirs is the not-found page (as the API says). */
export async function learnerPage(args: LoaderFunctionArgs) {
  const page = await guardianPage(args);
  const learner = page.learners.find((l) => l.studentId === args.params.studentId);
  if (!learner) throw new Response('Not found', { status: 404 });
  return { ...page, learner };
}
