import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEnv } from '../payments/payments-fixture.ts';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS } from './e2e-school.ts';
import { type E2eStack, signIn, startE2eStack } from './e2e-stack.ts';
import { type LoopbackAnswer, viaLoopback } from './loopback-http.ts';

const SLUG = 'e2esec';
const ZONE = 'Europe/London';

/** The nonce a page's Content-Security-Policy allows scripts with. */
const nonceOf = (res: LoopbackAnswer) =>
  /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];

/** Every `<script …>` and `<style …>` start tag in a page. */
const inlineTags = (html: string) => html.match(/<(script|style)\b[^>]*>/g) ?? [];

// The built portal over real HTTP, as a browser (or an attacker's page) reaches it: where it
// redirects, the headers and cookies it sends, and what it does with a form posted from another
// site; then Chromium loading pages under that policy.
describe('the portal over HTTP: redirects, cookies, headers, cross-site forms', () => {
  let stack: E2eStack;
  let s: Awaited<ReturnType<typeof createSchool>>;
  let base: string;
  /** The student's portal session cookie (name=value). */
  let studentCookie: string;

  async function createSchool() {
    return createE2eSchool(stack, SLUG, {
      timezone: ZONE,
      instructors: { instructor: 'Ivy Sec' },
      students: { student: 'Sam Sec' },
      weekly: HOURS.roundTheClock,
      stripe: { publishableKey: 'pk_test_e2esec' },
    });
  }

  const signInOverHttp = (who: { email: string; password: string }, next?: string) =>
    viaLoopback(`${base}/sign-in${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`, {
      method: 'POST',
      headers: { origin: base },
      form: { email: who.email, password: who.password },
    });
  const get = (path: string, cookie = studentCookie) =>
    viaLoopback(`${base}${path}`, { headers: { cookie } });

  beforeAll(async () => {
    const env = stripeEnv();
    // The browser loads Stripe.js from the stand-in, which serves its fake at this path.
    stack = await startE2eStack({ ...env, STRIPE_JS_URL: `${env.STRIPE_API_BASE}/js.stripe.com/v3/` });
    s = await createSchool();
    base = s.base;
    studentCookie = (await signInOverHttp(s.student)).headers['set-cookie']?.[0]?.split(';')[0] ?? '';
  }, 120_000);
  afterAll(() => stack?.close());

  // `next` as a link would carry it (`\` and tab percent-encoded): the portal decodes it itself.
  it.each(['/\\evil.example', '/\t/evil.example', '//evil.example', 'https://evil.example'])(
    'signing in with ?next=%j lands on the home page, not another site',
    async (next) => {
      const res = await signInOverHttp(s.owner, next);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/home');
    },
  );

  it('signing in with a good ?next= goes back to that page', async () => {
    const res = await signInOverHttp(s.owner, '/bookings?week=2026-12-07');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/bookings?week=2026-12-07');
  });

  it('the portal’s session cookie is not the API’s dc_session: with both on one host, each reads its own', async () => {
    const portalCookie = (await signInOverHttp(s.owner)).headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    expect(portalCookie).toMatch(/^dc_portal=/);
    // The API's cookie first, as a browser sends the older of two: the portal must not read it.
    const page = await get('/admin', `dc_session=${s.owner.token}; ${portalCookie}`);
    expect(page.status).toBe(200);
    const me = await stack.api.call('GET', '/api/v1/auth/me', {
      tenant: SLUG,
      headers: { cookie: `${portalCookie}; dc_session=${s.owner.token}` },
    });
    expect(me.status).toBe(200);
  });

  it('a page carries the security headers and its Content-Security-Policy', async () => {
    const res = await get('/sign-in', '');
    expect(res.status).toBe(200);
    const nonce = nonceOf(res);
    expect(res.headers['content-security-policy']).toBe(
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        `style-src 'self' 'nonce-${nonce}'`,
        "img-src 'self' https:",
        "connect-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    for (const answer of [res, await get('/sw.js', '')]) {
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('every inline script and style has the page’s nonce, a new one for each page', async () => {
    const first = await get('/home');
    expect(first.status).toBe(200);
    const nonce = nonceOf(first);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 16 random bytes
    const tags = inlineTags(first.body);
    // The offline script, scroll restoration, Remix's context and module import, the school's colours.
    expect(tags.length).toBeGreaterThanOrEqual(4);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await get('/home');
    expect(nonceOf(second)).not.toBe(nonce);
    for (const tag of inlineTags(second.body)) expect(tag).toContain(`nonce="${nonceOf(second)}"`);
  });

  it('Stripe.js is allowed on the card page only', async () => {
    const lesson = await s.book(s.student, s.instructor, startAhead(ZONE, 2, '10:00'));
    const cards = String((await get('/cards')).headers['content-security-policy']);
    expect(cards).toContain("script-src 'self' 'nonce-");
    expect(cards).toMatch(/script-src [^;]*https:\/\/js\.stripe\.com/);
    expect(cards).toMatch(/frame-src https:\/\/js\.stripe\.com https:\/\/hooks\.stripe\.com(;|$)/);
    expect(cards).toMatch(/connect-src 'self' https:\/\/api\.stripe\.com/);
    // The stand-in's origin too: this stack loads Stripe.js from it.
    expect(cards).toContain(new URL(stripeEnv().STRIPE_API_BASE!).origin);
    for (const path of ['/home', '/bookings', `/pay/${lesson}`, '/profile']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(String(res.headers['content-security-policy']), path).not.toContain('stripe');
    }
  });

  it('a form posted from another site is refused with a 403 page, and changes nothing', async () => {
    const other = stack.school('someoneelse');
    for (const origin of ['https://evil.example', other, 'null']) {
      const res = await viaLoopback(`${base}/sign-in`, {
        method: 'POST',
        headers: { origin, accept: 'text/html' },
        form: { email: s.owner.email, password: s.owner.password },
      });
      expect(res.status, origin).toBe(403);
      expect(res.headers['set-cookie'], origin).toBeUndefined();
      expect(res.body).toContain('<h1>Form refused</h1>');
    }
    // Signing the student out from another site does not end their session.
    const out = await viaLoopback(`${base}/sign-out`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', cookie: studentCookie, accept: 'application/json' },
    });
    expect(out.status).toBe(403);
    expect(out.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(out.body)).toMatchObject({ status: 403, title: 'Form refused' });
    expect((await get('/home')).status).toBe(200);
  });

  it('Chromium reports no CSP violation on a page without Stripe.js or on the card page with it', async () => {
    const context = await stack.browser.newContext();
    // Collected from the first script on: a violation during load would otherwise be missed.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const page = await signIn(context, base, s.student.email, s.student.password);
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const violations = (p: Page) =>
      p.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

    await page.goto(`${base}/home`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // The inline offline script ran (it registers the service worker) and the app hydrated.
    await expect
      .poll(() => page.evaluate(async () => Boolean(await navigator.serviceWorker.getRegistration())))
      .toBe(true);
    expect(await violations(page)).toEqual([]);

    // To the card page inside the app (as a link without a document load would): its document still
    // has /home's policy, with no Stripe.js, so the page loads itself again under its own.
    await page.evaluate(() =>
      (
        window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } }
      ).__remixRouter.navigate('/cards'),
    );
    await page.waitForURL(/\/cards$/);
    // The stand-in's card Element: plain inputs, there once Stripe.js has loaded and mounted.
    await page.getByPlaceholder('number').waitFor();
    await page.getByRole('button', { name: 'Save this card' }).waitFor();
    expect(await violations(page)).toEqual([]);

    await page.goto(`${base}/cards`);
    await page.getByPlaceholder('number').waitFor();
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
