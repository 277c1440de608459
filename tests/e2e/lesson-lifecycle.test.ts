import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchPayments, stripeEnv } from '../payments/payments-fixture.ts';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS, ivyOlgaSamTess, type Person } from './e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, screenshot, startE2eStack } from './e2e-stack.ts';

const ZONE = 'Europe/London';
/** A school with two instructors working round the clock, two students and a priced lesson type. */
const createSchool = (stack: E2eStack, slug: string) =>
  createE2eSchool(stack, slug, { timezone: ZONE, ...ivyOlgaSamTess(slug), weekly: HOURS.roundTheClock });
type School = Awaited<ReturnType<typeof createSchool>>;

/** The Monday (YYYY-MM-DD) of the school's week an instant falls in. */
const weekOf = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).startOf('week').toISODate()!;

// After the lesson: the instructor says how it went on a phone; the office sees and runs the week.
describe('lesson lifecycle: marking lessons and the bookings week', () => {
  let stack: E2eStack;
  let s: School;
  const shots: string[] = [];
  const ids: Record<'taught' | 'missed' | 'justStarted' | 'pending' | 'toCancel' | 'noScript', string> = {
    taught: '',
    missed: '',
    justStarted: '',
    pending: '',
    toCancel: '',
    noScript: '',
  };
  let pendingStart = '';
  // Where the lessons moved into the past now start: near midnight they fall on the day (or in the week) before.
  let taughtStart = '';
  let justStartedAt = '';

  /** A lesson requested by the student through the API, confirmed by its instructor unless told not to. */
  const book = (student: Person, instructor: Person, start: string, confirm = true) =>
    s.book(student, instructor, start, { confirm });
  const statusOf = async (id: string) =>
    (await s.call('GET', `/api/v1/bookings/${id}`, s.owner.token)).body.status as string;
  const startOf = async (id: string) =>
    (await s.call('GET', `/api/v1/bookings/${id}`, s.owner.token)).body.start as string;

  beforeAll(async () => {
    stack = await startE2eStack(stripeEnv());
    s = await createSchool(stack, 'e2elife');
    // Ivy's three lessons, moved into the past: 3 h ago, 90 min ago, and one that started 5 min ago.
    ids.taught = await book(s.sam, s.ivy, gridStartIn(30));
    ids.missed = await book(s.tess, s.ivy, gridStartIn(33));
    ids.justStarted = await book(s.sam, s.ivy, gridStartIn(36));
    await s.moveBack(ids.taught, 180);
    await s.moveBack(ids.missed, 90);
    await s.moveBack(ids.justStarted, 5);
    [taughtStart, justStartedAt] = [await startOf(ids.taught), await startOf(ids.justStarted)];
    // Olga's coming lessons, all in one week of the school: two requests and one confirmed.
    pendingStart = gridStartIn(3);
    if (weekOf(pendingStart) !== weekOf(gridStartIn(8)))
      pendingStart = DateTime.fromISO(gridStartIn(8))
        .setZone(ZONE)
        .startOf('week')
        .set({ hour: 9 })
        .toUTC()
        .toISO()!;
    const later = (hours: number) => new Date(Date.parse(pendingStart) + hours * 3_600_000).toISOString();
    ids.pending = await book(s.sam, s.olga, pendingStart, false);
    ids.toCancel = await book(s.tess, s.olga, later(2));
    ids.noScript = await book(s.sam, s.olga, later(4), false);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('an instructor on a phone marks one lesson taught and another missed; too early is said plainly', async () => {
    const diary = await s.signIn(s.ivy, PHONE);
    await diary.waitForURL(/\/diary/);
    const lesson = (id: string) => diary.locator(`[data-testid="past-lesson"][data-booking="${id}"]`);
    await expect.poll(() => diary.getByTestId('past-lesson').count()).toBe(3);
    await expectAccessible(diary, 'diary with lessons to record');

    // Five minutes in is inside the school's grace period: the API refuses, the page says until when.
    await lesson(ids.justStarted).getByRole('button', { name: 'Student did not come' }).click();
    await expect
      .poll(() => lesson(ids.justStarted).getByRole('alert').textContent())
      .toMatch(/^Too early for that: you can do it from .*\d{1,2}:\d{2}/);
    await expectAccessible(diary, 'diary: too early');
    expect(await statusOf(ids.justStarted)).toBe('confirmed');

    await lesson(ids.taught).getByRole('button', { name: 'Mark as taught' }).click();
    await expect.poll(() => diary.getByRole('status').textContent()).toBe('Marked as taught.');
    await expect.poll(() => lesson(ids.taught).count()).toBe(0);
    expect(await statusOf(ids.taught)).toBe('completed');
    await expectAccessible(diary, 'diary: marked taught');
    shots.push(await screenshot(diary, 'diary-mark-taught-phone'));

    await lesson(ids.missed).getByRole('button', { name: 'Student did not come' }).click();
    await expect.poll(() => diary.getByRole('status').textContent()).toContain('Marked as missed');
    await expect.poll(() => diary.getByTestId('past-lesson').count()).toBe(1);
    expect(await statusOf(ids.missed)).toBe('no_show');
    // Lessons of today show how they went (the taught one, unless it fell on yesterday's date).
    if (DateTime.fromISO(taughtStart).setZone(ZONE).hasSame(DateTime.now().setZone(ZONE), 'day'))
      await expect
        .poll(() => diary.getByTestId('diary-lesson').allTextContents())
        .toEqual(
          expect.arrayContaining([expect.stringContaining('Taught'), expect.stringContaining('Missed')]),
        );
    await diary.context().close();

    // The taught lesson earned Ivy her share (payments is on for the school).
    expect(s.modules).toContain('payments');
    await dispatchPayments(stack.api);
    const today = DateTime.now().setZone(ZONE);
    const earnings = await s.call(
      'GET',
      `/api/v1/instructors/${s.ivy.id}/earnings?from=${today.minus({ days: 1 }).toISODate()}&to=${today.plus({ days: 1 }).toISODate()}`,
      s.owner.token,
    );
    expect(earnings.status).toBe(200);
    const rows = earnings.body.rows as { bookingId: string; lessonMinor: number }[];
    expect(rows.map((r) => r.bookingId)).toEqual([ids.taught]);
    expect(rows[0]!.lessonMinor).toBe(4500);
  }, 90_000);

  it('the owner runs the week: filters by instructor, confirms a request, cancels a lesson after seeing the fee', async () => {
    const owner = await s.signIn(s.owner, { viewport: { width: 1280, height: 900 } });
    const week = weekOf(pendingStart);
    await owner.goto(`${stack.school(s.slug)}/admin/bookings?week=${week}`);
    const row = (id: string) => owner.locator(`tr[data-booking="${id}"]`);
    await expect.poll(() => owner.getByRole('heading', { level: 1 }).textContent()).toBe('Bookings');
    await expect.poll(() => row(ids.pending).count()).toBe(1);
    await expect.poll(() => row(ids.pending).textContent()).toContain('Sam e2elife');
    expect(await row(ids.pending).textContent()).toContain('Olga e2elife');
    expect(await row(ids.pending).textContent()).toContain('Requested');
    expect(await row(ids.pending).textContent()).toContain('£45.00');
    expect(await owner.locator('caption').textContent()).toContain('Europe/London');
    await expectAccessible(owner, 'admin bookings');

    // The weeks either side, and back.
    const caption = await owner.locator('caption').textContent();
    await owner.getByRole('link', { name: 'Next week →' }).click();
    await expect.poll(() => owner.locator('caption').textContent()).not.toBe(caption);
    await expect.poll(() => row(ids.pending).count()).toBe(0);
    await owner.getByRole('link', { name: '← Previous week' }).click();
    await expect.poll(() => row(ids.pending).count()).toBe(1);

    // Only Olga's lessons.
    await owner.getByLabel('Instructor').selectOption({ label: 'Olga e2elife' });
    await owner.getByRole('button', { name: 'Show lessons' }).click();
    await owner.waitForURL(/instructor=/);
    await expect.poll(() => owner.getByTestId('admin-lesson').count()).toBe(3);
    expect(await row(ids.toCancel).count()).toBe(1);
    expect(await owner.getByTestId('admin-lesson').filter({ hasText: 'Ivy e2elife' }).count()).toBe(0);
    // And by status: only the request.
    await owner.getByLabel('Status').selectOption({ label: 'Requested' });
    await owner.getByRole('button', { name: 'Show lessons' }).click();
    await expect.poll(() => owner.getByTestId('admin-lesson').count()).toBe(2);
    expect(await owner.getByTestId('admin-lesson').filter({ hasText: 'Confirmed' }).count()).toBe(0);
    await owner.getByLabel('Status').selectOption({ label: 'Any status' });
    await owner.getByRole('button', { name: 'Show lessons' }).click();
    await expect.poll(() => owner.getByTestId('admin-lesson').count()).toBe(3);

    await row(ids.pending)
      .getByRole('button', { name: /^Confirm lesson/ })
      .click();
    await expect.poll(() => owner.getByRole('status').textContent()).toBe('Lesson confirmed.');
    await expect.poll(() => row(ids.pending).textContent()).toContain('Confirmed');
    expect(owner.url()).toContain('instructor=');
    expect(await statusOf(ids.pending)).toBe('confirmed');

    // Cancelling shows what the API quotes first; nothing changes until it is confirmed.
    await row(ids.toCancel)
      .getByRole('link', { name: /^Cancel lesson/ })
      .click();
    await expect
      .poll(() => row(ids.toCancel).getByRole('alert').textContent())
      .toMatch(/^(Cancelling now is free\.|Cancelling now costs the school’s fee of £\d+\.\d{2}\.)$/);
    expect(await statusOf(ids.toCancel)).toBe('confirmed');
    await expectAccessible(owner, 'admin bookings: cancel with the fee');
    shots.push(await screenshot(owner, 'admin-bookings'));
    await row(ids.toCancel)
      .getByRole('button', { name: /^Cancel the lesson/ })
      .click();
    await expect.poll(() => owner.getByRole('status').textContent()).toBe('Lesson cancelled.');
    await expect.poll(() => row(ids.toCancel).textContent()).toContain('Cancelled');
    const cancelled = await s.call('GET', `/api/v1/bookings/${ids.toCancel}`, s.owner.token);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.cancellationFeeMinor ?? 0).toBe(0);

    // Ivy's lesson that started minutes ago: a no-show is still too early for the office too.
    await owner.goto(`${stack.school(s.slug)}/admin/bookings?week=${weekOf(justStartedAt)}`);
    await row(ids.justStarted)
      .getByRole('button', { name: /^No-show/ })
      .click();
    await expect.poll(() => owner.getByRole('alert').textContent()).toContain('Too early for that');
    expect(await statusOf(ids.justStarted)).toBe('confirmed');
    await expectAccessible(owner, 'admin bookings: too early');
    await owner.context().close();
  }, 90_000);

  it('without JavaScript the same page works by plain forms and links', async () => {
    // No scripts: every filter, confirmation and cancellation is a full page load. (axe needs scripts,
    // so this page was checked for accessibility in the journey above.)
    const owner = await s.signIn(s.owner, { javaScriptEnabled: false });
    await owner.goto(`${stack.school(s.slug)}/admin/bookings?week=${weekOf(pendingStart)}`);
    const row = (id: string) => owner.locator(`tr[data-booking="${id}"]`);
    await owner.getByLabel('Instructor').selectOption({ label: 'Olga e2elife' });
    await owner.getByRole('button', { name: 'Show lessons' }).click();
    await owner.waitForURL(/instructor=/);
    expect(await owner.getByTestId('admin-lesson').count()).toBe(3);
    await row(ids.noScript)
      .getByRole('button', { name: /^Confirm lesson/ })
      .click();
    await owner.waitForURL(/done=confirm/);
    expect(owner.url()).toContain(`instructor=${s.olga.id}`);
    expect(await owner.getByRole('status').textContent()).toBe('Lesson confirmed.');
    expect(await statusOf(ids.noScript)).toBe('confirmed');
    await row(ids.noScript)
      .getByRole('link', { name: /^Cancel lesson/ })
      .click();
    await owner.waitForURL(/cancel=/);
    expect(await row(ids.noScript).getByRole('alert').textContent()).toMatch(/^Cancelling now/);
    await row(ids.noScript)
      .getByRole('button', { name: /^Cancel the lesson/ })
      .click();
    await owner.waitForURL(/done=cancel/);
    expect(await owner.getByRole('status').textContent()).toBe('Lesson cancelled.');
    expect(await statusOf(ids.noScript)).toBe('cancelled');
    await owner.context().close();
  }, 60_000);

  it('a student is refused the page; another school’s owner sees none of these lessons', async () => {
    const student = await s.signIn(s.sam);
    const refused = await student.goto(`${stack.school(s.slug)}/admin/bookings`);
    expect(refused?.status()).toBe(403);
    await expect
      .poll(() => student.getByRole('heading', { level: 1 }).textContent())
      .toBe('Something went wrong');
    expect(await student.getByTestId('admin-lesson').count()).toBe(0);
    await expectAccessible(student, 'admin bookings refused to a student');
    await student.context().close();

    const other = await createE2eSchool(stack, 'e2elifeb', { timezone: ZONE, lessonType: false });
    const foreign: Page = await other.signIn(other.owner);
    const week = weekOf(pendingStart);
    for (const query of [
      `week=${week}`,
      `week=${week}&instructor=${s.olga.id}&cancel=${ids.pending}`,
      `week=${weekOf(new Date().toISOString())}`,
    ]) {
      await foreign.goto(`${stack.school('e2elifeb')}/admin/bookings?${query}`);
      await expect.poll(() => foreign.getByRole('heading', { level: 1 }).textContent()).toBe('Bookings');
      expect(await foreign.getByTestId('admin-lesson').count()).toBe(0);
      expect(await foreign.getByText('No lessons this week.').count()).toBe(1);
      expect(await foreign.content()).not.toContain('Sam e2elife');
    }
    await expectAccessible(foreign, 'admin bookings of another school');
    await foreign.context().close();
  }, 60_000);

  it('the owner declines a request and the API records it rejected', async () => {
    // Two weeks on, so it shares no week (and no count) with the lessons above.
    const start = DateTime.fromISO(gridStartIn(24 * 14))
      .setZone(ZONE)
      .set({ hour: 11, minute: 0 })
      .toUTC()
      .toISO({ suppressMilliseconds: true })!;
    const request = await book(s.tess, s.olga, start, false);
    const owner = await s.signIn(s.owner, { viewport: { width: 1280, height: 900 } });
    await owner.goto(`${stack.school(s.slug)}/admin/bookings?week=${weekOf(start)}`);
    const row = owner.locator(`tr[data-booking="${request}"]`);
    await expect.poll(() => row.textContent()).toContain('Requested');
    await row.getByRole('button', { name: /^Decline lesson/ }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toBe('Lesson declined.');
    expect(await statusOf(request)).toBe('rejected');
    await expectAccessible(owner, 'admin bookings: declined');
    await owner.context().close();
  }, 60_000);
});
