import { ApiProblem, apiClient } from './api.server.ts';
import type { PortalConfig } from './portal-config.ts';
import type { School } from './types.ts';

/** The school a request is for: `<slug>.<appDomain>`; the bare domain (or an IP) is the platform's own site. */
export function schoolSlugOf(request: Request, config: PortalConfig): string | null {
  const host = (request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? '')
    .split(':')[0]!
    .toLowerCase();
  const suffix = `.${config.appDomain}`;
  if (!host.endsWith(suffix)) return null;
  const slug = host.slice(0, -suffix.length);
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) ? slug : null;
}

const cache = new Map<string, { school: School | null; at: number }>();

/** After a change made here, the next page shows it at once (other portal processes within 2 s). */
export const forgetSchool = (slug: string) => cache.delete(slug);

/** The school's public profile (2 s cache: branding changes show up almost at once). */
export async function loadSchool(config: PortalConfig, slug: string): Promise<School | null> {
  const hit = cache.get(slug);
  if (hit && Date.now() - hit.at < 2000) return hit.school;
  let school: School | null = null;
  try {
    school = await apiClient(config, slug).get<School>('/api/v1/school');
  } catch (error) {
    // A suspended school shows one plain page to everyone (the root error boundary says so).
    if (error instanceof ApiProblem && error.code === 'tenant/suspended')
      throw new Response('suspended', { status: 403 });
    if (!(error instanceof Response && error.status === 404)) throw error;
  }
  cache.set(slug, { school, at: Date.now() });
  return school;
}
