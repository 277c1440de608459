import type { LoaderFunctionArgs } from '@remix-run/node';
import { schoolSlugOf } from '../lib/school.server.ts';

/** The answer headers passed on from the API (its type, caching and the SVG's locked-down CSP). */
const PASSED = [
  'content-type',
  'content-length',
  'cache-control',
  'etag',
  'content-security-policy',
  'x-content-type-options',
  'cross-origin-resource-policy',
];

/**
 * The school's logo at the same path on the portal's host as on the API's. In production the
 * ingress sends every `/api` path to the API and this route is never reached; where the portal
 * runs on its own port (npm start, the browser tests) it streams the API's answer through, so the
 * URL in the school's profile (`branding.logo.url`) works on a school's pages either way.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const slug = schoolSlugOf(request, context.config);
  if (!slug) return new Response('Not found', { status: 404 });
  const url = new URL(request.url);
  const ifNoneMatch = request.headers.get('if-none-match');
  const res = await fetch(`${context.config.apiBase}/api/v1/school/logo${url.search}`, {
    headers: { 'x-tenant': slug, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
  });
  const headers = new Headers();
  for (const name of PASSED) {
    const value = res.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(res.body, { status: res.status, headers });
}
