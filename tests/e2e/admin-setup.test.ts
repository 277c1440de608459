import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEnv } from '../payments/payments-fixture.ts';
import { createE2eSchool, HOURS } from './e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, screenshot, signIn, startE2eStack } from './e2e-stack.ts';

const SLUG = 'e2esetup';
const ZONE = 'Europe/London';

/** An instructor working 09:00–17:00 Monday to Friday, a student, a lesson type, one-hour notice. */
async function createSchool(stack: E2eStack) {
  const school = await createE2eSchool(stack, SLUG, {
    timezone: ZONE,
    instructors: { instructor: 'Ivy Setup' },
    students: { student: 'Sam Setup' },
    weekly: HOURS.officeWeek,
    lessonType: false,
  });
  /** As the owner; anything but a GET must succeed. */
  const call = async (method: string, path: string, body?: unknown) =>
    method === 'GET'
      ? (await school.call(method, path, school.owner.token)).body
      : school.ok(method, path, school.owner.token, body);
  return { ...school, call };
}

describe('school setup by its owner', () => {
  let stack: E2eStack;
  let setup: Awaited<ReturnType<typeof createSchool>>;
  let owner: Page;
  const shots: string[] = [];
  const base = () => stack.school(SLUG);
  const todayAtSchool = () => DateTime.now().setZone(ZONE).startOf('day');
  // Next week, Monday to Sunday: always in the future and inside the booking horizon.
  const nextMonday = todayAtSchool().plus({ weeks: 1 }).startOf('week');
  // The Monday of the week the cash payment is taken in (read then, in case a week ends meanwhile).
  let paymentMonday: DateTime;
  const at = (dayOffset: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    return nextMonday
      .plus({ days: dayOffset })
      .set({ hour: h!, minute: m! })
      .toUTC()
      .toISO({ suppressMilliseconds: true })!;
  };

  beforeAll(async () => {
    stack = await startE2eStack(stripeEnv());
    setup = await createSchool(stack);
    const { call, instructor, student } = setup;
    // The known week: Monday two lessons (one confirmed), Wednesday one cancelled, Thursday one.
    const book = (start: string) =>
      call('POST', '/api/v1/bookings', {
        instructorId: instructor.id,
        studentId: student.id,
        start,
        durationMinutes: 60,
      });
    const first = await book(at(0, '10:00'));
    await call('POST', `/api/v1/bookings/${first.id}/confirm`, {});
    await book(at(0, '12:00'));
    const dropped = await book(at(2, '10:00'));
    await call('POST', `/api/v1/bookings/${dropped.id}/cancel`, {});
    await book(at(3, '09:00'));
    // £45 taken in cash today: this week's money in.
    paymentMonday = todayAtSchool().startOf('week');
    await call('POST', '/api/v1/payments', {
      studentId: student.id,
      method: 'cash',
      purpose: 'other',
      amountMinor: 4500,
      description: 'Lesson paid in cash',
    });
    const ctx = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    owner = await signIn(ctx, base(), `owner@${SLUG}.test`, `${SLUG}-owner-password`);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('adds a pickup point (a missing address is named beside its field) and deactivates it', async () => {
    await owner.goto(`${base()}/admin/locations`);
    await owner.getByLabel('Kind of place').selectOption('pickup');
    await owner.getByLabel('Name').fill('Market Square');
    await owner.getByRole('button', { name: 'Add place' }).click();
    await expect.poll(() => owner.locator('#address-error').textContent()).toBe('Fill this in.');
    expect(await owner.getByLabel('Address').getAttribute('aria-invalid')).toBe('true');
    expect(await owner.getByLabel('Address').getAttribute('aria-describedby')).toBe('address-error');
    expect(await owner.getByLabel('Name').inputValue()).toBe('Market Square');
    await expectAccessible(owner, 'locations with an error');
    expect((await setup.call('GET', '/api/v1/locations')).data).toHaveLength(0);

    await owner.getByLabel('Address').fill('1 Market Square, Leeds');
    await owner.getByRole('button', { name: 'Add place' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('Market Square');
    const row = owner.getByRole('row', { name: /Market Square/ });
    await expect.poll(() => row.textContent()).toContain('Pickup point');
    expect(await row.textContent()).toContain('In use');
    // Edit: the form opens with the place's values; the change is kept.
    await owner.getByRole('link', { name: 'Edit Market Square' }).click();
    await owner.getByRole('heading', { name: 'Change Market Square' }).waitFor();
    expect(await owner.getByLabel('Address').inputValue()).toBe('1 Market Square, Leeds');
    await owner.getByLabel('Address').fill('2 Market Square, Leeds');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => owner.getByRole('row', { name: /Market Square/ }).textContent())
      .toContain('2 Market Square, Leeds');
    await owner.getByRole('button', { name: 'Deactivate Market Square' }).click();
    await expect
      .poll(() => owner.getByRole('row', { name: /Market Square/ }).textContent())
      .toContain('Not in use');
    await expectAccessible(owner, 'locations');
    shots.push(await screenshot(owner, 'admin-locations'));
    const stored = (await setup.call('GET', '/api/v1/locations')).data;
    expect(stored).toMatchObject([
      { kind: 'pickup', name: 'Market Square', address: '2 Market Square, Leeds', active: false },
    ]);
  }, 60_000);

  it('adds a vehicle whose MOT runs out in 10 days: warned on the vehicles page and the dashboard', async () => {
    await owner.goto(`${base()}/admin/vehicles`);
    await owner.getByLabel('Registration').fill('YX21 DCL');
    await owner.getByLabel('Make and model').fill('Ford Fiesta');
    await owner.getByLabel('Gearbox').selectOption('manual');
    const mot = todayAtSchool().plus({ days: 10 });
    await owner.getByLabel('MOT expires on').fill(mot.toISODate()!);
    await owner.getByLabel('Insurance expires on').fill(todayAtSchool().plus({ days: 200 }).toISODate()!);
    await owner.getByRole('button', { name: 'Add vehicle' }).click();
    const card = owner.getByTestId('vehicle-YX21 DCL');
    // Ten days from the day it was entered, one fewer should midnight pass in between.
    await expect
      .poll(() => card.textContent())
      .toContain(`MOT expires in ${mot.diff(todayAtSchool(), 'days').days} days`);
    expect(await card.textContent()).not.toContain('Insurance expires');
    await expectAccessible(owner, 'vehicles');
    shots.push(await screenshot(owner, 'admin-vehicles'));
    const [vehicle] = (await setup.call('GET', '/api/v1/vehicles')).data;
    expect(vehicle).toMatchObject({ registration: 'YX21 DCL', transmission: 'manual', dualControls: true });

    await owner.goto(`${base()}/admin`);
    expect(await owner.getByTestId('vehicle-warning-count').textContent()).toBe('1');
    await owner.getByRole('link', { name: /vehicles that need attention/ }).click();
    await owner.waitForURL(/\/admin\/vehicles$/);
  }, 60_000);

  it('changes the minimum notice, and a value the school cannot have is refused with the field named', async () => {
    await owner.goto(`${base()}/admin/policies`);
    expect(await owner.getByLabel('Minimum notice (hours)').inputValue()).toBe('1');
    // The default cancellation tiers are rows of the form, plus one blank row for a new tier.
    expect(await owner.getByRole('group', { name: /^Tier \d$/ }).count()).toBe(3);
    await owner.getByLabel('Minimum notice (hours)').fill('4');
    await owner.getByRole('button', { name: 'Save policies' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toBe('Policies saved.');
    expect((await setup.call('GET', '/api/v1/scheduling/policies')).minimumNoticeHours).toBe(4);

    await owner.getByLabel('Minimum notice (hours)').fill('1000');
    await owner.getByRole('button', { name: 'Save policies' }).click();
    await expect.poll(() => owner.locator('#minimumNoticeHours-error').textContent()).toMatch(/720/);
    expect(await owner.getByLabel('Minimum notice (hours)').getAttribute('aria-invalid')).toBe('true');
    expect(await owner.getByRole('alert').textContent()).toContain('Nothing was saved');
    await expectAccessible(owner, 'policies with an error');
    shots.push(await screenshot(owner, 'admin-policies'));
    expect((await setup.call('GET', '/api/v1/scheduling/policies')).minimumNoticeHours).toBe(4);
  }, 60_000);

  it('creates a package and retires it', async () => {
    await owner.goto(`${base()}/admin/packages`);
    await owner.getByLabel('Name').fill('Ten lessons');
    await owner.getByLabel('Price (GBP)').fill('400');
    await owner.getByLabel('Credit it gives (GBP)').fill('450.00');
    await owner.getByLabel('Valid for (days, optional)').fill('365');
    await owner.getByRole('button', { name: 'Create package' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('“Ten lessons” is on sale');
    const row = owner.getByTestId('package-Ten lessons');
    await expect.poll(() => row.textContent()).toContain('£400.00');
    expect(await row.textContent()).toContain('£450.00');
    expect(await row.textContent()).toContain('On sale');
    await expectAccessible(owner, 'packages');
    await owner.getByRole('button', { name: 'Retire Ten lessons' }).click();
    await expect.poll(() => owner.getByTestId('package-Ten lessons').textContent()).toContain('Retired');
    await expectAccessible(owner, 'packages with a retired one');
    shots.push(await screenshot(owner, 'admin-packages'));
    const [stored] = (await setup.call('GET', '/api/v1/packages')).data;
    expect(stored).toMatchObject({
      name: 'Ten lessons',
      priceMinor: 40000,
      creditMinor: 45000,
      active: false,
    });
  }, 60_000);

  it('shows which modules are on, and that the operators switch them', async () => {
    await owner.goto(`${base()}/admin/modules`);
    for (const id of ['scheduling', 'lessons', 'payments', 'messaging', 'crm', 'analytics'])
      expect(await owner.getByTestId(`module-${id}`).textContent()).toContain('· on');
    expect(await owner.getByTestId('module-payments').textContent()).toContain('Needs: Scheduling');
    expect(await owner.locator('main').textContent()).toContain('operators turn modules on and off');
    await expectAccessible(owner, 'modules');
  }, 60_000);

  it('draws the week on the dashboard with the figures of the known bookings', async () => {
    await owner.goto(`${base()}/admin?week=${nextMonday.toISODate()}`);
    const table = (caption: string) =>
      owner.locator('table', { has: owner.locator('caption', { hasText: caption }) });
    const cell = (caption: string, rowName: string) =>
      table(caption)
        .getByRole('row', { name: new RegExp(`^${rowName}`) })
        .locator('td');
    const day = (offset: number) => nextMonday.plus({ days: offset }).setLocale('en-GB').toFormat('ccc');
    expect(await cell('Lessons by day', day(0)).textContent()).toBe('2');
    expect(await cell('Lessons by day', day(1)).textContent()).toBe('0');
    expect(await cell('Lessons by day', day(3)).textContent()).toBe('1');
    expect(await cell('Cancellations by lesson day', day(2)).textContent()).toBe('1');
    expect(await cell('Cancellations by lesson day', day(0)).textContent()).toBe('0');
    // 3 hours booked of 5 × 8 available.
    expect(await cell('Utilisation of instructor hours', 'Ivy Setup').textContent()).toBe(
      '7.5% (3 of 40 hours)',
    );
    expect(await cell('Utilisation of instructor hours', 'All instructors').textContent()).toBe(
      '7.5% (3 of 40 hours)',
    );
    const paidWeek = paymentMonday.setLocale('en-GB').toFormat('d LLL');
    expect(await cell('Money in over 8 weeks', paidWeek).textContent()).toBe('£45.00');
    expect(await table('Money in over 8 weeks').locator('tbody tr').count()).toBe(8);
    const charts = owner.locator('svg[role="img"]');
    expect(await charts.count()).toBe(4);
    expect(await charts.first().getAttribute('aria-label')).toContain(`${day(0)} 2`);
    // The week's own figures (the 30-day trends above them are tested in portal-look.test.ts).
    expect(await owner.getByTestId('week-figures').locator('.figure').allTextContents()).toEqual([
      '3',
      '1',
      '7.5%',
      '1',
    ]);
    await expectAccessible(owner, 'dashboard');
    shots.push(await screenshot(owner, 'admin-dashboard'));
  }, 60_000);

  it('fits a phone screen: no page scrolls sideways', async () => {
    const ctx = await stack.browser.newContext(PHONE);
    const phone = await signIn(ctx, base(), `owner@${SLUG}.test`, `${SLUG}-owner-password`);
    for (const path of [
      '/admin',
      '/admin/locations',
      '/admin/vehicles',
      '/admin/policies',
      '/admin/packages',
      '/admin/modules',
    ]) {
      await phone.goto(`${base()}${path}`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await ctx.close();
  }, 60_000);

  it('says so when the payments module is off, rather than failing', async () => {
    const { api } = stack;
    const off = await api.createSchool('e2enopay', { modules: ['scheduling'] });
    const ctx = await stack.browser.newContext();
    const page = await signIn(
      ctx,
      stack.school('e2enopay'),
      'owner@e2enopay.test',
      'e2enopay-owner-password',
    );
    const res = await page.goto(`${stack.school('e2enopay')}/admin/packages`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('main').textContent()).toContain('payments module, which is off');
    await expectAccessible(page, 'packages when payments is off');
    await page.goto(`${stack.school('e2enopay')}/admin`);
    expect(await page.locator('svg[role="img"]').count()).toBe(3);
    expect(off.tenant.modules).toEqual(['scheduling']);
    await ctx.close();
  }, 60_000);
});
