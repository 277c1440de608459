import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEnv } from '../payments/payments-fixture.ts';
import { createE2eSchool, HOURS } from './e2e-school.ts';
import { type E2eStack, expectAccessible, signIn, startE2eStack } from './e2e-stack.ts';

// The booking wizard offers only the ways of paying the school allows, and "by card" goes on to pay.
describe('booking wizard: how to pay', () => {
  let stack: E2eStack;
  let s: Awaited<ReturnType<typeof createSchool>>;
  const slug = 'e2epaychoice';
  const createSchool = () =>
    createE2eSchool(stack, slug, {
      instructors: { instructor: 'Ivy Pay' },
      students: { student: 'Sam Pay' },
      weekly: HOURS.roundTheClock,
      stripe: { publishableKey: 'pk_test_e2e' },
    });

  beforeAll(async () => {
    stack = await startE2eStack(stripeEnv());
    s = await createSchool();
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
    const page = await signIn(ctx, s.base, s.student.email, s.student.password);
    await toConfirmStep(page);
    const card = page.getByLabel('Pay by card now');
    expect(await card.isChecked()).toBe(true);
    expect(await page.getByLabel('Pay at the lesson').count()).toBe(1);
    expect(await page.getByLabel(/Pay from my credit/).count()).toBe(0);
    await expectAccessible(page, 'wizard: how to pay');
    await page.getByRole('button', { name: 'Request this lesson' }).click();
    await page.waitForURL(/\/pay\/[0-9a-f-]{36}$/);
    const bookingId = page.url().split('/').at(-1)!;
    const booking = await s.call('GET', `/api/v1/bookings/${bookingId}`, s.student.token);
    expect(booking.body).toMatchObject({ status: 'pending', studentId: s.student.id, priceMinor: 4500 });
    await ctx.close();
  }, 60_000);

  it('a school that asks for payment up front does not offer "pay at the lesson"', async () => {
    const changed = await s.call('PATCH', '/api/v1/scheduling/policies', s.owner.token, {
      paymentRequired: true,
    });
    expect(changed.status).toBe(200);
    const ctx = await stack.browser.newContext();
    const page = await signIn(ctx, s.base, s.student.email, s.student.password);
    await toConfirmStep(page);
    expect(await page.getByLabel('Pay by card now').count()).toBe(1);
    expect(await page.getByLabel('Pay at the lesson').count()).toBe(0);
    await ctx.close();
  }, 60_000);
});
