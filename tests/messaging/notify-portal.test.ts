import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createE2eSchool, HOURS } from '../e2e/e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, startE2eStack } from '../e2e/e2e-stack.ts';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import { dispatchMessaging } from './notify-fixture.ts';

// The notification centre and preferences in the browser: an instructor's phone shows a student's
// request with a badge in the navigation; a learner without JavaScript reads and clears theirs;
// preferences save from the plain form. Every page axe-clean.
describe('portal: notification centre and preferences', () => {
  let stack: E2eStack;
  let s: Awaited<ReturnType<typeof createSchool>>;
  const slug = 'e2enotify';
  const createSchool = () =>
    createE2eSchool(stack, slug, {
      instructors: { ivy: 'Ivy Notify' },
      students: { sam: 'Sam Notify' },
      weekly: HOURS.roundTheClock,
      policies: { minimumNoticeHours: 0, studentMaxPerDay: 10, studentMaxPerWeek: 60 },
    });

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchool();
  }, 120_000);
  afterAll(() => stack?.close());

  it('a request shows on the instructor’s phone with an unread badge; reading it clears the badge', async () => {
    const bookingId = await s.book(s.sam, s.ivy, startAhead(s.timezone, 3, '10:00'));
    await dispatchMessaging(stack.api);
    const page = await s.signIn(s.ivy, PHONE);
    // The badge sits on the header's Notifications link (the account links beside the main navigation).
    const header = page.getByRole('banner');
    await expect.poll(() => header.getByTestId('unread-badge').textContent()).toBe('1');
    await header.getByRole('link', { name: /Notifications/ }).click();
    await page.waitForURL(/\/notifications$/);
    const item = page.getByTestId('notification');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('New lesson request from Sam Notify');
    expect(await page.getByTestId('unread').textContent()).toBe('1 unread');
    await expectAccessible(page, 'notification centre (phone)');
    await page.getByRole('button', { name: 'Mark as read: New lesson request from Sam Notify' }).click();
    await expect.poll(() => page.getByTestId('unread').textContent()).toBe('0 unread');
    expect(await page.getByTestId('unread-badge').count()).toBe(0);
    const [row] = await stack.api.tdb.owner<{ read_at: Date | null }[]>`
      select read_at from notifications where event_type = 'booking.requested' and entity_id = ${bookingId}`;
    expect(row!.read_at).not.toBeNull();
    await page.context().close();
  }, 90_000);

  it('without JavaScript a learner reads their news and marks it all read', async () => {
    const bookingId = await s.book(s.sam, s.ivy, startAhead(s.timezone, 4, '11:00'));
    await s.ok('POST', `/api/v1/bookings/${bookingId}/confirm`, s.ivy.token);
    await dispatchMessaging(stack.api);
    const page = await s.signIn(s.sam, { javaScriptEnabled: false });
    await page.goto(`${s.base}/notifications`);
    expect(await page.getByTestId('notification').first().textContent()).toContain('Lesson confirmed');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.waitForURL(/read=all/);
    expect(await page.getByRole('status').textContent()).toBe('All notifications are marked as read.');
    expect(await page.getByTestId('unread').textContent()).toBe('0 unread');
    await page.context().close();
  }, 90_000);

  it('preferences: channels per kind of news, quiet hours and the digest save from the form', async () => {
    const page = await s.signIn(s.sam, PHONE);
    await page.goto(`${s.base}/notifications/preferences`);
    await expectAccessible(page, 'notification preferences (phone)');
    const bookings = page.getByRole('group', { name: 'Lessons booked, moved or cancelled' });
    await bookings.getByLabel('Email').uncheck();
    await page.getByLabel('Use quiet hours').check();
    await page.getByLabel('From').fill('21:30');
    await page.getByLabel('Until').fill('07:15');
    await page.getByLabel('Bundle for').selectOption('60');
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByRole('status').textContent()).toBe('Your choices are saved.');
    const saved = await s.ok('GET', '/api/v1/notification-preferences', s.sam.token);
    expect(saved.preferences.channels.bookings).toEqual(['in_app', 'push']);
    expect(saved.preferences.quietHours).toEqual({ start: '21:30', end: '07:15', zone: 'Europe/London' });
    expect(saved.preferences.digest).toEqual({ windowMinutes: 60 });
    expect(await bookings.getByLabel('Email').isChecked()).toBe(false);
    await page.context().close();
  }, 90_000);
});
