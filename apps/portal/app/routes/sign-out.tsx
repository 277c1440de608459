import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { apiClient } from '../lib/api.server.ts';
import { schoolSlugOf } from '../lib/school.server.ts';
import { readSession, sessionStorage } from '../lib/session.server.ts';

/**
 * Ends the API session (the token stops working at once), forgets the cookie, and has the browser
 * drop what it kept of this person (the service worker's offline copies of their diary or
 * lessons, the HTTP cache): on a shared device the next person must not find them.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await readSession(request, context.config);
  const token = session.get('token');
  const slug = schoolSlugOf(request, context.config);
  if (token && slug)
    await apiClient(context.config, slug, token)
      .post('/api/v1/auth/logout')
      .catch(() => undefined);
  return redirect('/sign-in', {
    headers: {
      'set-cookie': await sessionStorage(context.config).destroySession(session),
      'clear-site-data': '"cache", "storage"',
    },
  });
}

export const loader = () => redirect('/');
