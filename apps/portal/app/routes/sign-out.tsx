import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { apiClient } from '../lib/api.server.ts';
import { schoolSlugOf } from '../lib/school.server.ts';
import { readSession, sessionStorage } from '../lib/session.server.ts';

/** Ends the API session (the token stops working at once) and forgets the cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await readSession(request, context.config);
  const token = session.get('token');
  const slug = schoolSlugOf(request, context.config);
  if (token && slug)
    await apiClient(context.config, slug, token)
      .post('/api/v1/auth/logout')
      .catch(() => undefined);
  return redirect('/sign-in', {
    headers: { 'set-cookie': await sessionStorage(context.config).destroySession(session) },
  });
}

export const loader = () => redirect('/');
