import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type E2eStack,
  expectAccessible,
  screenshot,
  signIn,
  signInOperator,
  startE2eStack,
} from './e2e-stack.ts';
import { viaLoopback } from './loopback-http.ts';

// The operator's controls over a school, and the school's portal as an installable app, in Chromium.
describe('operator controls and the installable portal', () => {
  let stack: E2eStack;
  let student: { email: string; password: string };

  let owner: { email: string; password: string };

  beforeAll(async () => {
    stack = await startE2eStack();
    const school = await stack.api.createSchool('e2eops');
    owner = school.owner;
    student = await stack.api.addPerson('e2eops', school.ownerToken, 'students', 'Pat Ops');
  }, 120_000);
  afterAll(() => stack?.close());

  it('an operator reads a school’s usage, suspends it (only once confirmed) and lets it back in', async () => {
    // The student has signed in once: that shows in the usage figures.
    const studentCtx = await stack.browser.newContext();
    const studentPage = await signIn(studentCtx, stack.school('e2eops'), student.email, student.password);

    const ctx = await stack.browser.newContext();
    const op = await signInOperator(ctx, stack.portalPort);
    await op.getByLabel('Search schools').fill('e2eops');
    await op.getByRole('button', { name: 'Search' }).click();
    await op.getByRole('link', { name: 'e2eops Driving School' }).click();
    await op.waitForURL(/\/operator\/schools\/e2eops$/);

    const usage = op.getByRole('region', { name: /Usage in the last 30 days/ });
    const figure = (label: string) =>
      usage.locator('div', { has: op.locator('dt', { hasText: label }) }).locator('dd');
    await expect.poll(() => figure('Students').textContent()).toBe('1');
    await expect.poll(() => figure('People who signed in').textContent()).toBe('2'); // owner and student
    await expect.poll(() => figure('Lessons booked').textContent()).toBe('0');
    expect(await figure('Money taken').textContent()).toBe('£0.00');
    await expectAccessible(op, 'operator: school');

    // Not without the box ticked.
    await op.getByRole('button', { name: 'Suspend this school' }).click();
    await expect.poll(() => op.getByRole('alert').textContent()).toContain('Tick the box');
    expect(
      (await stack.api.tdb.platformDb.sql`select status from tenants where slug = 'e2eops'`)[0]?.status,
    ).toBe('active');
    await op.getByLabel(/everyone at this school loses access/).check();
    await op.getByRole('button', { name: 'Suspend this school' }).click();
    await expect
      .poll(() => op.getByRole('heading', { level: 2, name: /Status/ }).textContent())
      .toContain('Suspended');
    await screenshot(op, 'operator-school-suspended');

    // The school's portal is closed to its own student, with a plain page saying so.
    // Polled like the resumption below: the suspension reaches the school's pages through a cache.
    await expect
      .poll(async () => (await studentPage.goto(`${stack.school('e2eops')}/home`))?.status(), {
        timeout: 10_000,
      })
      .toBe(403);
    await expect
      .poll(() => studentPage.getByRole('heading', { level: 1 }).textContent())
      .toContain('closed for now');
    await expectAccessible(studentPage, 'suspended school');

    await op.getByRole('button', { name: 'Resume this school' }).click();
    await expect
      .poll(() => op.getByRole('heading', { level: 2, name: /Status/ }).textContent())
      .toContain('Active');
    await expect
      .poll(async () => (await studentPage.goto(`${stack.school('e2eops')}/home`))?.status(), {
        timeout: 10_000,
      })
      .toBe(200);
    await ctx.close();
    await studentCtx.close();
  }, 60_000);

  it('the school portal is installable in Chromium, with the school’s own name and colour', async () => {
    // A profile on disk: Chromium never offers to install from an incognito context (Playwright's default).
    const profile = mkdtempSync(join(tmpdir(), 'dc-pwa-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--no-sandbox'],
    });
    const page = await signIn(ctx, stack.school('e2eops'), student.email, student.password);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    const cdp = await ctx.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as {
      errors: { message: string }[];
      data?: string;
    };
    expect(manifest.errors).toEqual([]);
    expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({
      name: 'e2eops Driving School',
      start_url: '/home',
      display: 'standalone',
    });
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }, 60_000);

  it('an owner closes online sign-up: the sign-in page stops offering it and the sign-up page says why', async () => {
    const base = stack.school('e2eops');
    const visitor = await (await stack.browser.newContext()).newPage();
    await visitor.goto(`${base}/sign-in`);
    expect(await visitor.getByRole('link', { name: /Create your account/ }).count()).toBe(1);

    const ctx = await stack.browser.newContext();
    const page = await signIn(ctx, base, owner.email, owner.password);
    await page.goto(`${base}/admin/branding`);
    await page.getByLabel('Students can create their own account online').uncheck();
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved');
    await expectAccessible(page, 'admin: branding with sign-up');
    expect((await stack.api.call('GET', '/api/v1/school', { tenant: 'e2eops' })).body.selfSignup).toBe(false);

    await expect
      .poll(
        async () => {
          await visitor.goto(`${base}/sign-in`);
          return visitor.getByRole('link', { name: /Create your account/ }).count();
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    await visitor.goto(`${base}/sign-up`);
    await expect.poll(() => visitor.locator('main').textContent()).toContain('ask its office');
    expect(await visitor.getByRole('button', { name: 'Create my account' }).count()).toBe(0);
    await expectAccessible(visitor, 'sign-up closed');
    await visitor.context().close();
    await ctx.close();
  }, 60_000);

  it('signing out on a shared device leaves no offline copy of the diary, even where Clear-Site-Data is ignored', async () => {
    const base = stack.school('e2eops');
    // Added here, not with the others: the first test counts who has signed in.
    const owner = await stack.api.login('e2eops', 'owner@e2eops.test', 'e2eops-owner-password');
    const instructor = await stack.api.addPerson('e2eops', owner, 'instructors', 'Ivy Ops');
    const ctx = await stack.browser.newContext();
    /** The offline copies of the diary in every cache of the origin, and the caches there are. */
    const cached = (page: Page) =>
      page.evaluate(async () => ({
        diary: Boolean(await caches.match('/diary')),
        caches: await caches.keys(),
      }));
    const diaryCachedFor = async () => {
      const page = await signIn(ctx, base, instructor.email, instructor.password);
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
      // Once the worker controls the page, a visit to the diary leaves a copy for offline use.
      await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
      await page.goto(`${base}/diary`);
      await expect.poll(async () => (await cached(page)).diary).toBe(true);
      return page;
    };

    // A browser that ignores Clear-Site-Data: the header is taken off the sign-out answer, so only
    // the page's message to the service worker can clear the copies.
    let page = await diaryCachedFor();
    let clearSiteData: string | undefined;
    await page.route('**/sign-out', async (route) => {
      // Sent from here (Playwright's own fetch cannot resolve *.localhost), the answer passed on without the header.
      const answer = await viaLoopback(route.request().url(), {
        method: 'POST',
        headers: { cookie: (await route.request().allHeaders()).cookie ?? '', origin: base },
      });
      const { 'clear-site-data': header, ...headers } = answer.headers;
      clearSiteData = String(header);
      await route.fulfill({
        status: answer.status,
        headers: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join('\n') : String(value),
          ]),
        ),
        body: answer.body,
      });
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(clearSiteData).toBe('"cache", "storage"');
    await expect.poll(async () => (await cached(page)).diary).toBe(false);
    await page.close();

    // Chromium as it is: Clear-Site-Data empties the caches too.
    page = await diaryCachedFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await expect.poll(async () => (await cached(page)).diary).toBe(false);
    await ctx.close();
  }, 60_000);

  it('a new version of the service worker drops the caches of older versions', async () => {
    const base = stack.school('e2eops');
    const ctx = await stack.browser.newContext();
    // A page that registers no worker leaves an older version's cache, as a device updated from it still has.
    const before = await ctx.newPage();
    await before.addInitScript(() => {
      ServiceWorkerContainer.prototype.register = () => new Promise(() => {});
    });
    await before.goto(`${base}/sign-in`);
    await before.evaluate(async () => {
      const old = await caches.open('dualcontrol-pages-v1');
      await old.put('/diary', new Response('the previous person’s diary'));
    });
    await before.close();
    // The current version installs and activates.
    const page = await ctx.newPage();
    await page.goto(`${base}/sign-in`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await expect.poll(() => page.evaluate(() => caches.keys())).not.toContain('dualcontrol-pages-v1');
    expect(await page.evaluate(async () => Boolean(await caches.match('/diary')))).toBe(false);
    await ctx.close();
  }, 60_000);
});
