import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { OPERATOR } from '@dualcontrol/api/testing';
import { freePort } from '@dualcontrol/platform';
import { startPortalServer } from '@dualcontrol/portal/server';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { createTestApi, type TestApi } from '../scheduling/scheduling-fixture.ts';

export const ARTIFACTS = fileURLToPath(new URL('../test-results/e2e/', import.meta.url));
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium'].find(
  (p): p is string => Boolean(p && existsSync(p)),
);

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

/**
 * The real system for browser journeys: the API (a fresh cloned database) and the built portal,
 * each on its own loopback port, and Debian's Chromium. Schools are `<slug>.localhost:<port>`,
 * which Chromium resolves to loopback by itself.
 */
export async function startE2eStack(env: Record<string, string> = {}) {
  if (!CHROMIUM)
    throw new Error('Chromium not found: run `node scripts/bootstrap.mjs test` (it installs it)');
  // expect.poll gives up after 1 s by default: too short for a form's round trip (portal, API,
  // database) on a loaded CI machine. This file's polls get 10 s (vitest resets it after the file).
  vi.setConfig({ expect: { poll: { timeout: 10_000, interval: 100 } } });
  mkdirSync(ARTIFACTS, { recursive: true });
  // The portal names each browser's address to the API with this secret, as under `npm start`.
  const apiSecret = 'e2e-portal-api-secret-0123456789abcdef';
  const api: TestApi = await createTestApi({ env: { PORTAL_API_SECRET: apiSecret, ...env } });
  const apiPort = await freePort();
  const apiServer = serve({ fetch: api.app.fetch, port: apiPort, hostname: '127.0.0.1' }) as Server;
  // The portal was built once for the whole run (global-setup-portal.ts).
  const portalPort = await freePort();
  const portal = await startPortalServer({
    port: portalPort,
    apiBase: `http://127.0.0.1:${apiPort}`,
    appDomain: 'localhost',
    sessionSecret: 'e2e-portal-session-secret-0123456789abcdef',
    secureCookies: false,
    // The card page's CSP lets in Stripe.js from where the API says to load it (the stand-in's copy).
    ...(env.STRIPE_JS_URL ? { stripeJsUrl: env.STRIPE_JS_URL } : {}),
    apiSecret,
  });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    api,
    browser,
    portalPort,
    school: (slug: string) => `http://${slug}.localhost:${portalPort}`,
    async close() {
      await browser.close();
      await new Promise((r) => portal.close(r));
      await new Promise((r) => apiServer.close(r));
      await api.close();
    },
  };
}

export type E2eStack = Awaited<ReturnType<typeof startE2eStack>>;

/** Every page a journey visits must have no serious or critical accessibility violation. */
export async function expectAccessible(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  return `tests/test-results/e2e/${name}.png`;
}

export async function signIn(
  context: BrowserContext,
  base: string,
  email: string,
  password: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The path, not the whole URL: a school's host name must not be taken for a signed-in page.
  await page.waitForURL((url) => /^\/(home|diary|bookings|admin)/.test(url.pathname));
  // The URL changes before React renders the new page (the router's update is a transition), so
  // for a moment the header can still be the sign-in page's: wait for the signed-in one (its
  // account links, whatever the person's language).
  await page.locator('header ul.account').waitFor({ timeout: 15_000 });
  return page;
}

/** Keyboard only: Tab until the element has focus (as a keyboard user would), then Enter. */
export async function tabTo(page: Page, locator: ReturnType<Page['locator']>, key = 'Enter') {
  const handle = await locator.elementHandle();
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((el) => el === document.activeElement, handle)) {
      await page.keyboard.press(key);
      return;
    }
  }
  throw new Error('could not reach the element by Tab');
}

/** The operator console, signed in, in a new page of the context. */
export async function signInOperator(context: BrowserContext, portalPort: number): Promise<Page> {
  const op = await context.newPage();
  await op.goto(`http://localhost:${portalPort}/operator/sign-in`);
  await op.getByLabel('Email').fill(OPERATOR.email);
  await op.getByLabel('Password').fill(OPERATOR.password);
  await op.getByRole('button', { name: 'Sign in' }).click();
  await op.waitForURL(/\/operator$/);
  return op;
}

/** Clicks a link that downloads a file; the file's suggested name and its bytes. */
export async function download(page: Page, link: Locator) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
}

/** The text of the mail to `to` in the development mailbox, waiting for it to arrive. */
export async function mailTo(api: TestApi, to: string): Promise<string> {
  const token = await api.operatorToken();
  let text: string | undefined;
  await expect
    .poll(async () => {
      const mail = await api.call('GET', '/api/v1/platform/mailbox', { token });
      text = (mail.body.data as { to: string; text: string }[]).find((m) => m.to === to)?.text;
      return text !== undefined;
    })
    .toBe(true);
  return text!;
}

/** GET a `<school>.localhost` URL from Node (which cannot resolve it): loopback, with the Host kept. */
export function getViaLoopback(url: string): Promise<string> {
  const { host, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}
