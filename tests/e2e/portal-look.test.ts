import { randomUUID } from 'node:crypto';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAnalytics, emit, tenantIdOf } from '../analytics/analytics-fixture.ts';
import { createSchedulingSchool, type SchedulingSchool } from '../scheduling/scheduling-fixture.ts';
import { type E2eStack, expectAccessible, PHONE, screenshot, signIn, startE2eStack } from './e2e-stack.ts';

/** The main navigation's links, in order, as the person sees them. */
const navLinks = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
const currentNav = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').allTextContents();

// The portal's look (issue 16): role-aware navigation with the current page marked, the owner's and
// the instructor's trends against the previous 30 days from the analytics read models, empty states
// that say what to do next, and the school's colour with readable text on it — in a real browser,
// on a phone and a desktop, axe-clean.
describe('the portal’s look and feel', () => {
  let stack: E2eStack;
  let s: SchedulingSchool;
  const shots: string[] = [];
  const base = () => stack.school('looke2e');

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchedulingSchool(stack.api, 'looke2e');
    // An amber brand: white text on it is about 2:1, so the portal must choose dark text itself.
    await stack.api.tdb.platformDb.sql`
      update tenants set branding = ${JSON.stringify({ primaryColor: '#f59e0b', accentColor: '#fbbf24' })}::jsonb
      where slug = 'looke2e'`;
    const t = await tenantIdOf(stack.api, 'looke2e');
    const lesson = async (type: 'booking.completed' | 'booking.cancelled', daysAgo: number, hour: number) => {
      const start = DateTime.now()
        .setZone(s.timezone)
        .minus({ days: daysAgo })
        .set({ hour, minute: 0, second: 0, millisecond: 0 });
      await emit(
        stack.api,
        t,
        schedulingEvents[type],
        {
          bookingId: randomUUID(),
          instructorId: s.instructor.id,
          studentId: s.students[0]!.id,
          start: start.toUTC().toISO()!,
          end: start.plus({ hours: 1 }).toUTC().toISO()!,
          status: type === 'booking.completed' ? 'completed' : 'cancelled',
          previousStatus: 'confirmed',
        },
        // Cancelled well ahead (not late); taught at the lesson's end.
        (type === 'booking.completed' ? start.plus({ hours: 1 }) : start.minus({ days: 5 })).toUTC().toISO()!,
      );
    };
    // The last 30 days: three lessons taught, one cancelled. The 30 days before: two taught, two cancelled.
    for (const [days, hour] of [
      [3, 10],
      [4, 10],
      [4, 12],
    ] as const)
      await lesson('booking.completed', days, hour);
    await lesson('booking.cancelled', 5, 10);
    await lesson('booking.completed', 40, 10);
    await lesson('booking.completed', 41, 10);
    await lesson('booking.cancelled', 40, 14);
    await lesson('booking.cancelled', 42, 14);
    await dispatchAnalytics(stack.api);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('the owner’s dashboard: the office’s navigation, trends against the previous 30 days, readable brand colours', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, base(), s.owner.email, s.owner.password);
    await page.goto(`${base()}/admin`);
    expect(await navLinks(page)).toEqual([
      'Dashboard',
      'Bookings',
      'Students',
      'Instructors',
      'CRM',
      'Finances',
      'Reports',
      'Messages',
      'School settings',
    ]);
    expect(await currentNav(page)).toEqual(['Dashboard']);

    await expect.poll(() => page.getByTestId('trend-lessons').locator('.figure').textContent()).toBe('3');
    expect(await page.getByTestId('trend-lessons-trend').textContent()).toBe('▲ 50 % vs previous 30 days');
    expect(await page.getByTestId('trend-cancellations').locator('.figure').textContent()).toBe('1');
    const fewer = page.getByTestId('trend-cancellations-trend');
    expect(await fewer.textContent()).toBe('▼ 50 % vs previous 30 days');
    // Fewer cancellations is good news: told in the "good" colour, the words saying the same.
    expect(await fewer.getAttribute('class')).toContain('trend-good');
    await expect.poll(() => page.getByTestId('trend-booked').count()).toBe(1);

    // The header wears the amber brand with dark text on it (white would be unreadable).
    const header = await page.locator('header.top').evaluate((h) => {
      const style = getComputedStyle(h);
      return { background: style.backgroundColor, color: style.color };
    });
    expect(header).toEqual({ background: 'rgb(245, 158, 11)', color: 'rgb(17, 24, 39)' });
    await expectAccessible(page, 'owner dashboard with trends');
    shots.push(await screenshot(page, 'look-owner-dashboard-desktop'));

    // A page under a nav item marks that item; a settings page marks "School settings".
    await page.goto(`${base()}/admin/finances/invoices`);
    await expect.poll(() => currentNav(page)).toEqual(['Finances']);
    await page.goto(`${base()}/admin/locations`);
    await expect.poll(() => currentNav(page)).toEqual(['School settings']);
    await context.close();
  }, 90_000);

  it('on a phone the navigation is one compact row of plain links (no script needed)', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await signIn(context, base(), s.owner.email, s.owner.password);
    const response = await page.goto(`${base()}/admin`);
    // Server-rendered links, the current one marked: nothing a script has to open or mark.
    const html = await response!.text();
    const nav = html.slice(
      html.indexOf('<nav aria-label="Main"'),
      html.indexOf('</nav>', html.indexOf('<nav aria-label="Main"')),
    );
    expect(nav).toMatch(/<a [^>]*aria-current="page"[^>]*>Dashboard<\/a>/);
    expect(nav).toContain('href="/admin/reports"');
    expect(nav).not.toMatch(/<button|<details/);
    // One row, scrolling sideways inside the header rather than widening the page.
    const box = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
    expect(box!.height).toBeLessThan(60);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect.poll(() => page.getByTestId('trend-lessons').locator('.figure').textContent()).toBe('3');
    await expectAccessible(page, 'owner dashboard on a phone');
    shots.push(await screenshot(page, 'look-owner-dashboard-phone'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(/\/admin\/reports$/);
    await expect.poll(() => currentNav(page)).toEqual(['Reports']);
    await context.close();
  }, 90_000);

  it('the instructor sees their own pages and their hours taught against the previous 30 days', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await signIn(context, base(), s.instructor.email, s.instructor.password);
    await page.waitForURL(/\/diary/);
    // The header re-renders after the client-side navigation to the diary: poll, as the phone test does.
    await expect.poll(() => currentNav(page), { timeout: 10_000 }).toEqual(['Diary']);
    const links = await navLinks(page);
    expect(links).toEqual(expect.arrayContaining(['Diary', 'My students', 'Messages', 'Earnings']));
    expect(links).not.toContain('Dashboard');
    expect(links).not.toContain('Finances');
    await expect.poll(() => page.getByTestId('trend-hours').locator('.figure').textContent()).toBe('3');
    expect(await page.getByTestId('trend-hours-trend').textContent()).toBe('▲ 50 % vs previous 30 days');
    // Nothing booked this week: the diary says how lessons come (weekly hours) and links there.
    const empty = page.getByTestId('empty-state').last();
    expect(await empty.textContent()).toContain('Nothing booked.');
    expect(await empty.getByRole('link').getAttribute('href')).toBe('/availability');
    await expectAccessible(page, 'instructor diary with trend');
    shots.push(await screenshot(page, 'look-instructor-diary-phone'));
    // The office's pages are not theirs.
    expect((await page.goto(`${base()}/admin`))!.status()).toBe(403);
    await context.close();
  }, 90_000);

  it('a student with no lessons is told what to do next and given the link to do it', async () => {
    const context = await stack.browser.newContext(PHONE);
    const sue = s.students[1]!;
    const page = await signIn(context, base(), sue.email, sue.password);
    const links = await navLinks(page);
    expect(links.slice(0, 3)).toEqual(['Home', 'Book a lesson', 'My lessons']);
    expect(links).not.toContain('Dashboard');
    await page.goto(`${base()}/bookings`);
    expect(await currentNav(page)).toEqual(['My lessons']);
    const empty = page.getByTestId('empty-state');
    expect(await empty.locator('.empty-title').textContent()).toBe('No lessons yet.');
    await empty.getByRole('link', { name: 'Book a lesson' }).click();
    await page.waitForURL(/\/book$/);
    await expect.poll(() => currentNav(page)).toEqual(['Book a lesson']);
    await expectAccessible(page, 'student: book after the empty state');
    await context.close();
  }, 60_000);
});
