import { DateTime } from 'luxon';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, stripeEnv, stripeStandIn } from '../payments/payments-fixture.ts';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS, type Person } from './e2e-school.ts';
import {
  type E2eStack,
  expectAccessible,
  PHONE,
  screenshot,
  signIn,
  startE2eStack,
  tabTo,
} from './e2e-stack.ts';

const SLUG = 'e2eself';
const ZONE = 'Europe/London';

/** An instructor working round the clock, two students, a lesson type, Stripe (the stand-in). */
async function createSchool(stack: E2eStack) {
  const school = await createE2eSchool(stack, SLUG, {
    timezone: ZONE,
    instructors: { instructor: 'Ivy Self' },
    students: { student: 'Sam Self', other: 'Olly Other', abroad: 'Abe Abroad' },
    weekly: HOURS.roundTheClock,
    stripe: { publishableKey: 'pk_test_e2eself' },
  });
  /** A lesson the student asks for, with the school's one instructor. */
  const book = (who: Person, start: string) => school.book(who, school.instructor, start);
  return { ...school, book };
}

/** How Intl writes an instant's time (spaces made plain: ICU puts a narrow one before AM/PM). */
const timeIn = (start: string, locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone })
    .format(new Date(start))
    .replace(/\s/g, ' ');
const plain = (text: string | null) => (text ?? '').replace(/\s/g, ' ');

/** The link of the slot starting at an instant, in the week shown. */
const slotLink = (page: import('playwright-core').Page, start: string) =>
  page.locator(`.slots a[href*="start=${encodeURIComponent(new Date(start).toISOString())}"]`);

// A student looks after their own things: moves a lesson, changes the password, saves a card with
// Stripe.js (the stand-in's copy) and pays with it. Real Chromium, real API and database.
describe('student self-service', () => {
  let stack: E2eStack;
  let s: Awaited<ReturnType<typeof createSchool>>;
  let moved: string;
  // Where the lesson was moved to (computed once: midnight may pass before the next test reads it).
  let second: string;
  const shots: string[] = [];

  beforeAll(async () => {
    const env = stripeEnv();
    // The browser loads Stripe.js from the stand-in, which serves its fake at this path.
    stack = await startE2eStack({ ...env, STRIPE_JS_URL: `${env.STRIPE_API_BASE}/js.stripe.com/v3/` });
    s = await createSchool(stack);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('on a phone, the student moves a lesson; a time taken meanwhile is explained and another is chosen', async () => {
    moved = await s.book(s.student, startAhead(ZONE, 2, '14:00'));
    const context = await stack.browser.newContext(PHONE);
    const page = await signIn(context, stack.school(SLUG), s.student.email, s.student.password);
    await page.goto(`${stack.school(SLUG)}/bookings`);
    await page.locator(`[data-booking="${moved}"]`).getByRole('link', { name: 'Move lesson' }).click();
    await page.waitForURL(new RegExp(`/bookings/${moved}/reschedule$`));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Move a lesson');
    await expectAccessible(page, 'reschedule: week of times');

    // By keyboard: the first choice, which someone else takes before the student confirms. A
    // round-the-clock week has hundreds of times, so the student jumps to the day first.
    const first = startAhead(ZONE, 1, '10:00');
    const day = DateTime.fromISO(first).setZone(ZONE).toISODate();
    await tabTo(page, page.locator(`.day-links a[href="#day-${day}"]`));
    await tabTo(page, slotLink(page, first));
    await page.waitForURL(/start=/);
    await expect.poll(() => page.getByRole('heading', { name: 'Check and confirm' }).count()).toBe(1);
    await expectAccessible(page, 'reschedule: confirm');
    shots.push(await screenshot(page, 'reschedule-phone'));
    await s.book(s.other, first);
    await page.getByRole('button', { name: 'Move my lesson' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('someone has just taken that time');
    // Nothing lost: still on the same week, that time gone from it, the others there.
    await expect.poll(() => slotLink(page, first).count()).toBe(0);
    await expectAccessible(page, 'reschedule: time taken');

    second = startAhead(ZONE, 1, '11:00');
    await slotLink(page, second).click();
    await page.waitForURL(/start=/);
    await page.getByRole('button', { name: 'Move my lesson' }).click();
    await page.waitForURL(/\/bookings\?moved=/);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Lesson moved');
    await expectAccessible(page, 'my lessons after a move');

    const after = await s.call('GET', `/api/v1/bookings/${moved}`, s.student.token);
    expect(after.body.status).toBe('pending');
    expect(Date.parse(after.body.start)).toBe(Date.parse(second));
    expect(Date.parse(after.body.end) - Date.parse(after.body.start)).toBe(3_600_000);
    await context.close();
  }, 90_000);

  it('another student of the school opening that lesson’s move page gets the not-found page', async () => {
    const context = await stack.browser.newContext();
    const page = await signIn(context, stack.school(SLUG), s.other.email, s.other.password);
    const res = await page.goto(`${stack.school(SLUG)}/bookings/${moved}/reschedule`);
    expect(res!.status()).toBe(404);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('There is nothing here.');
    expect(await page.content()).not.toContain('Move my lesson');
    await expectAccessible(page, 'another student’s lesson: 404');
    const unchanged = await s.call('GET', `/api/v1/bookings/${moved}`, s.student.token);
    expect(Date.parse(unchanged.body.start)).toBe(Date.parse(second));
    await context.close();
  }, 60_000);

  it('the student renames themselves and changes the password on the profile page; only the new one signs in', async () => {
    const context = await stack.browser.newContext();
    const page = await signIn(context, stack.school(SLUG), s.student.email, s.student.password);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.waitForURL(/\/profile$/);
    expect(await page.getByTestId('email').textContent()).toBe(s.student.email);
    await expectAccessible(page, 'profile');

    await page.getByLabel('Name').fill('Samantha Self');
    await page.getByRole('button', { name: 'Save my name' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Your name is saved');
    const me = await s.call('GET', '/api/v1/auth/me', s.student.token);
    expect(me.body.user.name).toBe('Samantha Self');

    // A wrong current password and a too-short new one: each said beside its field.
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel(/New password/).fill('a-new-password-for-sam');
    await page.getByRole('button', { name: 'Change my password' }).click();
    await expect.poll(() => page.locator('#currentPassword-error').textContent()).toBe('not correct');
    await expectAccessible(page, 'profile: wrong current password');
    await page.getByLabel('Current password').fill(s.student.password);
    await page.getByLabel(/New password/).fill('short');
    await page.getByRole('button', { name: 'Change my password' }).click();
    await expect.poll(() => page.locator('#newPassword-error').textContent()).toBeTruthy();
    await page.getByLabel('Current password').fill(s.student.password);
    await page.getByLabel(/New password/).fill('a-new-password-for-sam');
    await page.getByRole('button', { name: 'Change my password' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password is changed');
    shots.push(await screenshot(page, 'profile'));

    const fresh = await stack.browser.newContext();
    const old = await fresh.newPage();
    await old.goto(`${stack.school(SLUG)}/sign-in`);
    await old.getByLabel('Email').fill(s.student.email);
    await old.getByLabel('Password').fill(s.student.password);
    await old.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => old.getByRole('alert').textContent()).toContain('do not match');
    const again = await signIn(fresh, stack.school(SLUG), s.student.email, 'a-new-password-for-sam');
    expect(again.url()).toMatch(/\/home$/);
    s.student.password = 'a-new-password-for-sam';
    s.student.token = await stack.api.login(SLUG, s.student.email, s.student.password);
    await fresh.close();
    await context.close();
  }, 60_000);

  it('a student living abroad sees lesson times in their own zone and language; the instructor’s diary keeps the school’s', async () => {
    const lesson = startAhead(ZONE, 3, '15:00');
    const booked = await s.book(s.abroad, lesson);
    const context = await stack.browser.newContext();
    const page = await signIn(context, stack.school(SLUG), s.abroad.email, s.abroad.password);
    await page.goto(`${stack.school(SLUG)}/profile`);
    await page.getByLabel('Language', { exact: true }).selectOption('en-US');
    await page.getByLabel('Time zone', { exact: true }).selectOption('America/New_York');
    await page.getByRole('button', { name: 'Save language and time zone' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('America/New_York');
    await expectAccessible(page, 'profile: language and time zone');
    const me = await s.call('GET', '/api/v1/auth/me', s.abroad.token);
    expect(me.body.preferences).toEqual({ locale: 'en-US', timezone: 'America/New_York' });

    // My lessons: the lesson at its New York time, written the American way.
    await page.goto(`${stack.school(SLUG)}/bookings`);
    const row = page.locator(`[data-booking="${booked}"]`);
    await expect
      .poll(async () => plain(await row.textContent()))
      .toContain(timeIn(lesson, 'en-US', 'America/New_York'));
    expect(plain(await row.textContent())).not.toContain(timeIn(lesson, 'en-GB', ZONE));

    // The wizard's week is the student's: New York days and times, said so on the page.
    await page.goto(`${stack.school(SLUG)}/book`);
    await page.getByRole('link', { name: /Standard lesson/ }).click();
    await page.getByRole('link', { name: 'Any instructor' }).click();
    await expect.poll(() => page.getByText('Times are shown in America/New_York.').count()).toBe(1);
    const later = startAhead(ZONE, 3, '16:00');
    await expect
      .poll(async () => plain(await slotLink(page, later).textContent()))
      .toContain(`${timeIn(later, 'en-US', 'America/New_York')} · `);
    const nyDay = new Intl.DateTimeFormat('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      timeZone: 'America/New_York',
    }).format(new Date(later));
    expect(await page.getByRole('heading', { name: nyDay }).count()).toBe(1);
    await expectAccessible(page, 'booking week in the student’s own zone');
    shots.push(await screenshot(page, 'booking-week-own-zone'));
    await context.close();

    // The instructor, at the school, sees the same lesson at the school's time.
    const diary = await s.signIn(s.instructor);
    await diary.goto(`${stack.school(SLUG)}/diary`);
    await expect
      .poll(async () => plain(await diary.locator('main').textContent()))
      .toContain(`${timeIn(lesson, 'en-GB', ZONE)} · Abe Abroad`);
    await diary.context().close();
  }, 90_000);

  it('the student saves a card with Stripe.js from the pay page, pays the lesson with it, then manages the cards', async () => {
    const lesson = await s.book(s.student, startAhead(ZONE, 4, '09:00'));
    const context = await stack.browser.newContext();
    const page = await signIn(context, stack.school(SLUG), s.student.email, s.student.password);
    await page.goto(`${stack.school(SLUG)}/pay/${lesson}`);
    await expect.poll(() => page.getByText('No saved card yet').count()).toBe(1);
    await page.getByRole('link', { name: 'Add a card' }).click();
    await page.waitForURL(/\/cards\?next=/);
    // The stand-in's card Element: plain inputs named by their placeholders.
    await page.getByPlaceholder('number').waitFor();
    await expectAccessible(page, 'cards: add a card');
    await page.getByPlaceholder('number').fill(CARDS.ok);
    await page.getByPlaceholder('exp_month').fill('12');
    await page.getByPlaceholder('exp_year').fill('31');
    await page.getByPlaceholder('cvc').fill('123');
    await page.getByPlaceholder('postal_code').fill('12345');
    await page.getByRole('button', { name: 'Save this card' }).click();
    await page.waitForURL(new RegExp(`/pay/${lesson}$`));
    await expectAccessible(page, 'pay with the new card');
    await page.getByLabel(/Card ending 4242/).check();
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(/\/bookings\?paid=1/);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Paid');
    const paid = await s.call('GET', `/api/v1/payments?bookingId=${lesson}`, s.student.token);
    expect(paid.body.data[0]).toMatchObject({ method: 'card', status: 'succeeded', amountMinor: 4500 });

    // A second card (saved elsewhere) becomes the default here; then the first is removed.
    const pm = await stripeStandIn().paymentMethods.create({
      type: 'card',
      card: { number: '5555555555554444', exp_month: 11, exp_year: 2032, cvc: '123' },
    } as Stripe.PaymentMethodCreateParams);
    expect(
      (await s.call('POST', '/api/v1/payment-methods', s.student.token, { stripePaymentMethodId: pm.id }))
        .status,
    ).toBe(201);
    await page.goto(`${stack.school(SLUG)}/profile`);
    await page.getByRole('link', { name: 'Manage your saved cards' }).click();
    await page.waitForURL(/\/cards$/);
    await expect.poll(() => page.getByTestId('saved-card').count()).toBe(2);
    await page.getByRole('button', { name: 'Make card ending 4444 the default' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Default card changed');
    await expectAccessible(page, 'cards');
    shots.push(await screenshot(page, 'cards'));
    await page.getByRole('button', { name: 'Remove card ending 4242' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Card removed');
    const cards = await s.call('GET', '/api/v1/payment-methods', s.student.token);
    expect(cards.body.data.map((c: { last4: string; isDefault: boolean }) => [c.last4, c.isDefault])).toEqual(
      [['4444', true]],
    );
    await context.close();

    // Without JavaScript the page says how else to pay instead of showing a form that cannot work.
    const noJs = await stack.browser.newContext({ javaScriptEnabled: false });
    const plain = await signIn(noJs, stack.school(SLUG), s.student.email, s.student.password);
    await plain.goto(`${stack.school(SLUG)}/cards`);
    await expect.poll(() => plain.getByText('Adding a card needs JavaScript').count()).toBe(1);
    expect(await plain.getByRole('button', { name: 'Save this card' }).isVisible()).toBe(false);
    await noJs.close();
  }, 90_000);
});
