import type { AppLoadContext } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { apiClient } from './api.server.ts';
import { translator } from './i18n.ts';
import { isOffice } from './permissions.ts';
import { loadSchool, schoolSlugOf } from './school.server.ts';
import { operatorStorage, requireSignedIn } from './session.server.ts';
import { viewerOf } from './viewer.ts';

type Args = { request: Request; context: AppLoadContext };

/** A school page: the school from the Host (404 when there is none) and its translator. */
export async function schoolPage({ request, context }: Args) {
  const slug = schoolSlugOf(request, context.config);
  const school = slug ? await loadSchool(context.config, slug) : null;
  if (!slug || !school) throw new Response('No such school', { status: 404 });
  return { slug, school, t: translator(school.locale) };
}

/**
 * A school page for someone signed in: with the API acting as them, and words and times in their
 * own language and zone (the school's unless they chose others on their profile).
 */
export async function signedInPage(args: Args) {
  const page = await schoolPage(args);
  const me = await requireSignedIn(args.request, args.context.config);
  const viewer = viewerOf(page.school, me);
  return {
    ...page,
    me,
    viewer,
    t: translator(viewer.locale),
    api: apiClient(args.context.config, page.slug, me.token),
  };
}

/** A school page only its office (owner and admins: who may manage the school) may use. */
export async function staffPage(args: Args) {
  const page = await signedInPage(args);
  if (!isOffice(page.me)) throw new Response('Forbidden', { status: 403 });
  return page;
}

/** An operator page: the platform's own host, an operator signed in. */
export async function operatorPage({ request, context }: Args) {
  if (schoolSlugOf(request, context.config)) throw new Response('Not found', { status: 404 });
  const session = await operatorStorage(context.config).getSession(request.headers.get('cookie'));
  const token = session.get('token');
  if (!token) throw redirect('/operator/sign-in');
  return { api: apiClient(context.config, null, token), email: session.get('email') ?? '' };
}
