import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eStack, startE2eStack } from './e2e-stack.ts';
import { viaLoopback } from './loopback-http.ts';

const SLUG = 'e2esec';

// The built portal over real HTTP, as a browser (or an attacker's page) reaches it: where it
// redirects, the headers it sends, and what it does with a form posted from another site.
describe('the portal over HTTP: redirects, headers, cross-site forms', () => {
  let stack: E2eStack;
  let base: string;
  let owner: { email: string; password: string };

  beforeAll(async () => {
    stack = await startE2eStack();
    owner = (await stack.api.createSchool(SLUG)).owner;
    base = stack.school(SLUG);
  }, 120_000);
  afterAll(() => stack?.close());

  it.each(['/\\evil.example', '/%09/evil.example', '//evil.example', 'https://evil.example'])(
    'signing in with ?next=%s lands on the home page, not another site',
    async (next) => {
      // `next` as a link would carry it: `\` and tab encoded, so the portal decodes them itself.
      const res = await viaLoopback(`${base}/sign-in?next=${encodeURIComponent(next)}`, {
        method: 'POST',
        headers: { origin: base },
        form: { email: owner.email, password: owner.password },
      });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/home');
      expect(res.headers['set-cookie']?.join(';')).toMatch(/dc_/);
    },
  );

  it('signing in with a good ?next= goes back to that page', async () => {
    const res = await viaLoopback(`${base}/sign-in?next=${encodeURIComponent('/bookings?week=2026-12-07')}`, {
      method: 'POST',
      headers: { origin: base },
      form: { email: owner.email, password: owner.password },
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/bookings?week=2026-12-07');
  });
});
