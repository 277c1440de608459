import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eStack, startE2eStack } from './e2e-stack.ts';
import { viaLoopback } from './loopback-http.ts';

const SLUG = 'e2esec';

// The built portal over real HTTP, as a browser (or an attacker's page) reaches it: where it
// redirects, the headers and cookies it sends, and what it does with a form posted from another site.
describe('the portal over HTTP: redirects, cookies, headers, cross-site forms', () => {
  let stack: E2eStack;
  let base: string;
  let owner: { email: string; password: string };
  /** The owner's API token, as the API's own sign-in gives it (and sets in its `dc_session` cookie). */
  let apiToken: string;

  const signIn = (next?: string) =>
    viaLoopback(`${base}/sign-in${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`, {
      method: 'POST',
      headers: { origin: base },
      form: { email: owner.email, password: owner.password },
    });

  beforeAll(async () => {
    stack = await startE2eStack();
    const school = await stack.api.createSchool(SLUG);
    owner = school.owner;
    apiToken = school.ownerToken;
    base = stack.school(SLUG);
  }, 120_000);
  afterAll(() => stack?.close());

  // `next` as a link would carry it (`\` and tab percent-encoded): the portal decodes it itself.
  it.each(['/\\evil.example', '/\t/evil.example', '//evil.example', 'https://evil.example'])(
    'signing in with ?next=%j lands on the home page, not another site',
    async (next) => {
      const res = await signIn(next);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/home');
    },
  );

  it('signing in with a good ?next= goes back to that page', async () => {
    const res = await signIn('/bookings?week=2026-12-07');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/bookings?week=2026-12-07');
  });

  it('the portal’s session cookie is not the API’s dc_session: with both on one host, each reads its own', async () => {
    const portalCookie = (await signIn()).headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    expect(portalCookie).toMatch(/^dc_portal=/);
    // The API's cookie first, as a browser sends the older of two: the portal must not read it.
    const page = await viaLoopback(`${base}/admin`, {
      headers: { cookie: `dc_session=${apiToken}; ${portalCookie}` },
    });
    expect(page.status).toBe(200);
    const me = await stack.api.call('GET', '/api/v1/auth/me', {
      tenant: SLUG,
      headers: { cookie: `${portalCookie}; dc_session=${apiToken}` },
    });
    expect(me.status).toBe(200);
  });
});
