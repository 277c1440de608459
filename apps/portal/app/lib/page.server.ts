import type { AppLoadContext } from '@remix-run/node';
import { apiClient } from './api.server.ts';
import { translator } from './i18n.ts';
import { loadSchool, schoolSlugOf } from './school.server.ts';
import { requireSignedIn } from './session.server.ts';

type Args = { request: Request; context: AppLoadContext };

/** A school page: the school from the Host (404 when there is none) and its translator. */
export async function schoolPage({ request, context }: Args) {
  const slug = schoolSlugOf(request, context.config);
  const school = slug ? await loadSchool(context.config, slug) : null;
  if (!slug || !school) throw new Response('No such school', { status: 404 });
  return { slug, school, t: translator(school.locale) };
}

/** A school page for someone signed in: with the API acting as them. */
export async function signedInPage(args: Args) {
  const page = await schoolPage(args);
  const me = await requireSignedIn(args.request, args.context.config);
  return { ...page, me, api: apiClient(args.context.config, page.slug, me.token) };
}

export const isStaff = (roles: string[]) => roles.includes('owner') || roles.includes('admin');
