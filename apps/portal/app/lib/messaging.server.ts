import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { signedInPage } from './page.server.ts';
import { may } from './permissions.ts';

/** Messaging pages are for those who take part in conversations, where the school has the module. */
export async function messagingPage(args: Pick<LoaderFunctionArgs, 'request' | 'context'>) {
  const page = await signedInPage(args);
  if (!page.school.modules.includes('messaging') || !may(page.me, 'messaging:threads:use'))
    throw redirect('/home');
  return page;
}
