import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS } from './e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, screenshot, startE2eStack } from './e2e-stack.ts';

const SLUG = 'e2emsg';
const createSchool = (stack: E2eStack) =>
  createE2eSchool(stack, SLUG, {
    timezone: 'Europe/London',
    policies: { minimumNoticeHours: 1 },
    instructors: { ivy: `Ivy ${SLUG}` },
    students: { sam: `Sam ${SLUG}`, tess: `Tess ${SLUG}` },
    weekly: HOURS.roundTheClock,
  });
type School = Awaited<ReturnType<typeof createSchool>>;

// A student messages their instructor from a phone; the instructor, with the inbox open in
// another browser, sees it arrive without reloading and opens it; the student's page then says
// "Read" (live, through the portal's relay of the API's stream). Sending works without JavaScript.
describe('messages journey', () => {
  let stack: E2eStack;
  const countOf = async (body: string) =>
    (
      await stack.api.tdb.platformDb.sql<
        { n: number }[]
      >`select count(*)::int as n from messages where body = ${body}`
    )[0]!.n;
  let s: School;
  const shots: string[] = [];

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchool(stack);
    // Sam has a lesson booked with Ivy: that is what lets them talk. Tess has none.
    await s.book(s.sam, s.ivy, gridStartIn(48));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('a student messages their instructor, who sees it live and opens it; the student sees it read', async () => {
    const ivy = await s.signIn(s.ivy);
    const sam = await s.signIn(s.sam, PHONE);
    try {
      await ivy.getByRole('link', { name: 'Messages' }).first().click();
      await ivy.waitForURL(/\/messages$/);
      await expect.poll(() => ivy.getByText('No conversations yet.').count()).toBe(1);
      await expectAccessible(ivy, 'the instructor’s empty inbox');

      await sam.getByRole('link', { name: 'Messages' }).first().click();
      await sam.waitForURL(/\/messages$/);
      await sam.getByRole('link', { name: 'New message' }).click();
      await sam.waitForURL(/\/messages\/new$/);
      // The chooser offers only whom Sam may write to: Ivy and the office. Polled: the URL changes
      // before React renders the new page, and a chooser not there yet reads as no options.
      await expect
        .poll(async () =>
          (await sam.getByLabel('To').locator('option:not([disabled])').allTextContents()).sort(),
        )
        .toEqual([`Ivy ${SLUG}`, 'The office'].sort());
      await expectAccessible(sam, 'the new-message chooser on a phone');
      await sam.getByLabel('To').selectOption({ label: `Ivy ${SLUG}` });
      await sam.getByLabel('Subject (optional)').fill('Pickup on Saturday');
      await sam.getByLabel('Your message').fill('Could you pick me up at the station?');
      await sam.getByRole('button', { name: 'Send message' }).click();
      await sam.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
      const mine = sam.getByTestId('message').filter({ hasText: 'Could you pick me up at the station?' });
      await expect.poll(() => mine.getByTestId('receipt').textContent()).toBe('Sent');
      await expectAccessible(sam, 'the conversation on a phone');
      shots.push(await screenshot(sam, 'messages-student-sent'));

      // Ivy's inbox shows it without a reload, unread.
      const row = ivy.getByTestId('thread').filter({ hasText: 'Pickup on Saturday' });
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => row.getByTestId('unread').textContent()).toContain('1');
      shots.push(await screenshot(ivy, 'messages-instructor-inbox-live'));
      await row.getByRole('link').click();
      await ivy.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
      await expect
        .poll(() => ivy.getByTestId('messages').getByText('Could you pick me up at the station?').count())
        .toBe(1);
      await expectAccessible(ivy, 'the instructor’s conversation (two panes)');

      // Sam's page, still open, turns "Sent" into "Read hh:mm".
      await expect
        .poll(() => mine.getByTestId('receipt').textContent(), { timeout: 15_000 })
        .toMatch(/^Read \d{1,2}:\d{2}/);
      shots.push(await screenshot(sam, 'messages-student-read'));

      // Ivy answers; Sam's conversation shows it live.
      await ivy.getByLabel('Your message').fill('Yes, 10:00 at the station.');
      await ivy.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => sam.getByTestId('messages').getByText('Yes, 10:00 at the station.').count(), {
          timeout: 15_000,
        })
        .toBe(1);
    } finally {
      // Their pages hold live streams open: close them, or the servers wait for them at the end.
      await ivy.context().close();
      await sam.context().close();
    }
  });

  it('sends without JavaScript (a plain form post), and the new-message chooser offers nobody to a student without lessons', async () => {
    const sam = await s.signIn(s.sam, { ...PHONE, javaScriptEnabled: false });
    await sam.goto(`${s.base}/messages`);
    await sam.getByTestId('thread').first().getByRole('link').click();
    await sam.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await sam.getByLabel('Your message').fill('Thanks, see you then (no JS).');
    await sam.getByRole('button', { name: 'Send' }).click();
    await sam.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    expect(await sam.getByTestId('messages').getByText('Thanks, see you then (no JS).').count()).toBe(1);
    await sam.context().close();

    const tess = await s.signIn(s.tess, PHONE);
    await tess.goto(`${s.base}/messages/new`);
    const options = await tess.getByLabel('To').locator('option:not([disabled])').allTextContents();
    expect(options).toEqual(['The office']);
    await tess.context().close();
  });

  it('a message written with no connection waits on the phone and is sent once when the connection returns', async () => {
    const page = await s.signIn(s.sam, PHONE);
    const context = page.context();
    try {
      await controlled(page);
      const threads = await s.ok('GET', '/api/v1/messaging/threads', s.sam.token);
      const threadId = threads.data[0].id as string;
      await page.goto(`${s.base}/messages/${threadId}`);
      await controlled(page);
      await context.setOffline(true);
      await page.getByLabel('Your message').fill('Sent from the car park with no signal.');
      await page.getByRole('button', { name: 'Send' }).click();
      const queued = page.getByTestId('queued');
      await expect.poll(() => queued.textContent()).toContain('Saved on this phone');
      await expectAccessible(page, 'a conversation with a message waiting on the phone');
      expect(await countOf('Sent from the car park with no signal.')).toBe(0);

      await context.setOffline(false);
      await expect
        .poll(
          () => page.getByTestId('messages').getByTestId('message').filter({ hasText: 'car park' }).count(),
          {
            timeout: 20_000,
          },
        )
        .toBe(1);
      await expect.poll(() => queued.count()).toBe(0);
      // The worker may replay again (a sync event and the online nudge together): still one message.
      await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: 'replay-messages' }));
      await new Promise((r) => setTimeout(r, 500));
      expect(await countOf('Sent from the car park with no signal.')).toBe(1);
    } finally {
      await context.close();
    }
  });
});

/** Until the service worker controls the page (it then keeps the queue and replays it). */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}
