import { LOCALSTRIPE_SECRET_KEY } from '@dualcontrol/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEnv, WEBHOOK_SECRET } from '../payments/payments-fixture.ts';
import { type E2eStack, expectAccessible, signIn, startE2eStack } from './e2e-stack.ts';

type Person = { id: string; email: string; password: string; token: string };

// The booking wizard offers only the ways of paying the school allows, and "by card" goes on to pay.
describe('booking wizard: how to pay', () => {
  let stack: E2eStack;
  let ownerToken: string;
  let student: Person;
  const slug = 'e2epaychoice';
  const call = (method: string, path: string, token: string, body?: unknown) =>
    stack.api.call(method, path, { tenant: slug, token, ...(body ? { body } : {}) });

  beforeAll(async () => {
    stack = await startE2eStack(stripeEnv());
    const school = await stack.api.createSchool(slug, { timezone: 'Europe/London', currency: 'GBP' });
    ownerToken = school.ownerToken;
    await stack.api.tdb.platformDb.sql`
      update tenants set policies = '{"minimumNoticeHours": 1}'::jsonb, locale = 'en-GB' where slug = ${slug}`;
    stack.api.deps.tenantCache.clear();
    const instructor: Person = await stack.api.addPerson(slug, ownerToken, 'instructors', 'Ivy Pay');
    student = await stack.api.addPerson(slug, ownerToken, 'students', 'Sam Pay');
    const weekly = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
      day,
      start: '00:00',
      end: '24:00',
    }));
    const hours = await call('PUT', `/api/v1/instructors/${instructor.id}/availability`, instructor.token, {
      timezone: 'Europe/London',
      weekly,
    });
    expect(hours.status).toBe(200);
    const type = await call('POST', '/api/v1/lesson-types', ownerToken, {
      name: 'Standard lesson',
      durationMinutes: 60,
      priceMinor: 4500,
    });
    expect(type.status).toBe(201);
    const account = await call('PUT', '/api/v1/payments/account', ownerToken, {
      mode: 'stripe_keys',
      secretKey: LOCALSTRIPE_SECRET_KEY,
      publishableKey: 'pk_test_e2e',
      webhookSecret: WEBHOOK_SECRET,
    });
    expect(account.status).toBe(200);
  }, 120_000);
  afterAll(() => stack?.close());

  /** Through the wizard to its last step: the first lesson type, any instructor, the first free time. */
  async function toConfirmStep(page: Page) {
    await page.goto(`${stack.school(slug)}/book`);
    await page.getByRole('link', { name: /Standard lesson/ }).click();
    await page.getByRole('link', { name: 'Any instructor' }).click();
    await page.locator('.slots a').nth(4).click();
    await expect.poll(() => page.getByRole('group', { name: 'How would you like to pay?' }).count()).toBe(1);
  }

  it('with no credit: card (chosen) or at the lesson; by card the student lands on the payment page', async () => {
    const ctx = await stack.browser.newContext();
    const page = await signIn(ctx, stack.school(slug), student.email, student.password);
    await toConfirmStep(page);
    const card = page.getByLabel('Pay by card now');
    expect(await card.isChecked()).toBe(true);
    expect(await page.getByLabel('Pay at the lesson').count()).toBe(1);
    expect(await page.getByLabel(/Pay from my credit/).count()).toBe(0);
    await expectAccessible(page, 'wizard: how to pay');
    await page.getByRole('button', { name: 'Request this lesson' }).click();
    await page.waitForURL(/\/pay\/[0-9a-f-]{36}$/);
    const bookingId = page.url().split('/').at(-1)!;
    const booking = await call('GET', `/api/v1/bookings/${bookingId}`, student.token);
    expect(booking.body).toMatchObject({ status: 'pending', studentId: student.id, priceMinor: 4500 });
    await ctx.close();
  });

  it('a school that asks for payment up front does not offer "pay at the lesson"', async () => {
    const changed = await call('PATCH', '/api/v1/scheduling/policies', ownerToken, { paymentRequired: true });
    expect(changed.status).toBe(200);
    const ctx = await stack.browser.newContext();
    const page = await signIn(ctx, stack.school(slug), student.email, student.password);
    await toConfirmStep(page);
    expect(await page.getByLabel('Pay by card now').count()).toBe(1);
    expect(await page.getByLabel('Pay at the lesson').count()).toBe(0);
    await ctx.close();
  });
});
