import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemActor } from '@dualcontrol/db';
import { applyTenantDefinition, applyTenantLogo, readTenantFolder } from '@dualcontrol/platform';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type E2eStack,
  expectAccessible,
  PHONE,
  screenshot,
  signIn,
  signInOperator,
  startE2eStack,
} from './e2e-stack.ts';

const TENANTS = fileURLToPath(new URL('../../tenants/', import.meta.url));

/** The header's logo as the browser loaded it: the HTTP answer and whether it drew. */
async function headerLogo(page: Page) {
  const img = page.locator('header.top img[data-testid="school-logo"]');
  await img.waitFor();
  const src = (await img.getAttribute('src'))!;
  // Fetched by the browser itself (Node cannot resolve <school>.localhost).
  const answer = await page.evaluate(async (url) => {
    const res = await fetch(url, { cache: 'no-store' });
    return { status: res.status, type: res.headers.get('content-type') ?? '' };
  }, src);
  const drawn = await img.evaluate((el: HTMLImageElement) =>
    el.complete
      ? el.naturalWidth > 0
      : new Promise((r) => el.addEventListener('load', () => r(el.naturalWidth > 0))),
  );
  return { src, status: answer.status, type: answer.type, drawn };
}

describe('school logos and the new school’s setup checklist, in Chromium', () => {
  let stack: E2eStack;
  const shots: string[] = [];

  beforeAll(async () => {
    stack = await startE2eStack();
    // The demo schools as npm start applies them: definition, then the logo file through the upload's path.
    const { platformDb, registry, storage } = stack.api.deps;
    for (const name of readdirSync(TENANTS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const folder = `${TENANTS}${name.name}`;
      const def = await readTenantFolder(folder);
      const applied = await applyTenantDefinition(platformDb, registry, systemActor, def);
      expect(await applyTenantLogo({ platformDb, storage }, systemActor, applied.tenantId, folder, def)).toBe(
        'stored',
      );
      // A second start changes nothing.
      await applyTenantDefinition(platformDb, registry, systemActor, def);
      expect(await applyTenantLogo({ platformDb, storage }, systemActor, applied.tenantId, folder, def)).toBe(
        'unchanged',
      );
    }
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('both demo schools’ header logos load (HTTP 200, an SVG image) on the sign-in page and signed in', async () => {
    for (const [slug, owner] of [
      ['northside', { email: 'owner@northside.example', password: 'northside-owner-demo' }],
      ['lakeside', { email: 'owner@lakeside.example', password: 'lakeside-owner-demo' }],
    ] as const) {
      const ctx = await stack.browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${stack.school(slug)}/sign-in`);
      const before = await headerLogo(page);
      expect(before).toMatchObject({ status: 200, type: 'image/svg+xml', drawn: true });
      expect(before.src).toMatch(/^\/api\/v1\/school\/logo\?v=[0-9a-f]{16}$/);
      const signedIn = await signIn(ctx, stack.school(slug), owner.email, owner.password);
      expect(await headerLogo(signedIn)).toMatchObject({ status: 200, type: 'image/svg+xml', drawn: true });
      // Demo schools arrive set up: no checklist on their dashboard.
      await signedIn.goto(`${stack.school(slug)}/admin`);
      expect(await signedIn.getByTestId('onboarding').count()).toBe(0);
      await ctx.close();
    }
  }, 90_000);

  it('an operator opens a school; its owner sees initials, then ticks the checklist through to the end', async () => {
    const opCtx = await stack.browser.newContext();
    const op = await signInOperator(opCtx, stack.portalPort);
    const fill = (label: string | RegExp, value: string) => op.getByLabel(label).fill(value);
    await fill('Web name (slug)', 'e2efresh');
    await fill('School name', 'Fresh Start Motoring');
    await fill(/Time zone/, 'Europe/London');
    await fill(/Currency/, 'GBP');
    await fill(/Locale/, 'en-GB');
    await fill('Owner’s name', 'Fay Fresh');
    await fill('Owner’s email', 'fay@e2efresh.test');
    await fill('Owner’s first password', 'fay-owner-password');
    await op.getByRole('button', { name: 'Create school' }).click();
    await op.waitForURL(/created=e2efresh/);
    await opCtx.close();

    const ctx = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const owner = await signIn(ctx, stack.school('e2efresh'), 'fay@e2efresh.test', 'fay-owner-password');
    const base = stack.school('e2efresh');
    await owner.goto(`${base}/admin`);
    // No logo yet: the school's initials, never a broken image.
    expect(await owner.locator('header.top img').count()).toBe(0);
    expect(await owner.getByTestId('school-initials').textContent()).toBe('FS');
    const checklist = owner.getByTestId('onboarding');
    const progress = () => owner.locator('#onboarding-progress').textContent();
    const doneSteps = () =>
      checklist
        .locator('li[data-done="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    expect(await progress()).toBe('0 of 6 done');
    expect(await checklist.getByRole('button', { name: 'Hide this checklist' }).count()).toBe(0);
    await expectAccessible(owner, 'dashboard with the setup checklist');
    shots.push(await screenshot(owner, 'onboarding-start'));
    const back = async () => {
      await owner.goto(`${base}/admin`);
      await checklist.waitFor();
    };

    // 1. Branding: the step's link leads to the page; a PNG logo is uploaded and the header shows it.
    await checklist.getByRole('link', { name: /logo and colours/ }).click();
    await owner.waitForURL(/\/admin\/branding$/);
    const png = await sharp({ create: { width: 900, height: 900, channels: 4, background: '#7c2d12' } })
      .png()
      .toBuffer();
    await owner
      .getByLabel(/Logo image/)
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await owner.getByRole('button', { name: 'Upload logo' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('Logo saved');
    expect(await headerLogo(owner)).toMatchObject({ status: 200, type: 'image/png', drawn: true });
    // A file that is no image is refused with the reason, and the logo stays.
    await owner
      .getByLabel(/Logo image/)
      .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text') });
    await owner.getByRole('button', { name: 'Upload logo' }).click();
    await expect.poll(() => owner.getByRole('alert').textContent()).toContain('PNG, JPEG or SVG');
    await expectAccessible(owner, 'branding with a logo');
    await back();
    expect(await doneSteps()).toEqual(['branding']);
    expect(await progress()).toBe('1 of 6 done');

    // 2. An instructor with weekly hours.
    await checklist.getByRole('link', { name: /first instructor/ }).click();
    await owner.waitForURL(/\/admin\/instructors$/);
    await owner.getByLabel('Name').fill('Ida Instructor');
    await owner.getByLabel('Email').fill('ida@e2efresh.test');
    await owner.getByLabel('First password').fill('ida-instructor-pw');
    await owner.getByRole('button', { name: 'Add instructor' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('Ida Instructor added');
    await back();
    expect(await doneSteps()).toEqual(['branding']); // no hours yet
    await owner.goto(`${base}/admin/instructors`);
    await owner.getByRole('link', { name: 'Weekly hours' }).click();
    await owner.getByLabel('Works on Monday').check();
    await owner.getByRole('button', { name: 'Save hours' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('Saved');
    await back();
    expect(await doneSteps()).toEqual(['branding', 'instructor_hours']);

    // 3. A lesson type with a price.
    await checklist.getByRole('link', { name: /lesson types and prices/ }).click();
    await owner.waitForURL(/\/admin\/lesson-types$/);
    await owner.getByLabel('Name').fill('Standard lesson');
    await owner.getByLabel(/Price/).fill('45.00');
    await owner.getByRole('button', { name: 'Add lesson type' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('Standard lesson added');
    await back();
    expect(await doneSteps()).toEqual(['branding', 'instructor_hours', 'lesson_types']);

    // 4. A place lessons start from.
    await checklist.getByRole('link', { name: /where lessons start/ }).click();
    await owner.waitForURL(/\/admin\/locations$/);
    await owner.getByLabel('Kind of place').selectOption('office');
    await owner.getByLabel('Name').fill('High Street office');
    await owner.getByLabel('Address').fill('1 High Street, York');
    await owner.getByRole('button', { name: 'Add place' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('High Street office');
    await back();
    expect(await progress()).toBe('4 of 6 done');

    // 5. Payments: a lesson package on sale.
    await checklist.getByRole('link', { name: /Set up payments/ }).click();
    await owner.waitForURL(/\/admin\/packages$/);
    await owner.getByLabel('Name').fill('Five lessons');
    await owner.getByLabel('Price (GBP)').fill('200');
    await owner.getByLabel('Credit it gives (GBP)').fill('225.00');
    await owner.getByRole('button', { name: 'Create package' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('is on sale');
    await back();
    expect(await progress()).toBe('5 of 6 done');
    expect(await checklist.getByRole('button', { name: 'Hide this checklist' }).count()).toBe(0);

    // 6. A student.
    await checklist.getByRole('link', { name: /Invite your students/ }).click();
    await owner.waitForURL(/\/admin\/students$/);
    await owner.getByLabel('Name').fill('Sid Student');
    await owner.getByLabel('Email').fill('sid@e2efresh.test');
    await owner.getByLabel('First password').fill('sid-student-pw');
    await owner.getByRole('button', { name: 'Add student' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('Sid Student added');
    await back();
    expect(await progress()).toBe('6 of 6 done');
    expect(await doneSteps()).toEqual([
      'branding',
      'instructor_hours',
      'lesson_types',
      'locations',
      'payments',
      'students',
    ]);
    await expectAccessible(owner, 'dashboard with the checklist complete');
    shots.push(await screenshot(owner, 'onboarding-complete'));

    // On a phone too, then put away for good.
    const phone = await stack.browser.newContext(PHONE);
    const phonePage = await signIn(phone, base, 'fay@e2efresh.test', 'fay-owner-password');
    await phonePage.goto(`${base}/admin`);
    await phonePage.getByTestId('onboarding').waitFor();
    await expectAccessible(phonePage, 'checklist on a phone');
    shots.push(await screenshot(phonePage, 'onboarding-phone'));
    await phone.close();

    await checklist.getByRole('button', { name: 'Hide this checklist' }).click();
    // Already on /admin: wait for the answer to the form (back to the dashboard, without the list).
    await expect.poll(() => owner.getByTestId('onboarding').count()).toBe(0);
    await owner.reload();
    expect(await owner.getByTestId('onboarding').count()).toBe(0);
    expect(await headerLogo(owner)).toMatchObject({ status: 200, type: 'image/png', drawn: true });
    await ctx.close();
  }, 180_000);
});
