import { request } from 'node:http';
import { type BrowserContext, devices, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchLessons } from '../lessons/lessons-fixture.ts';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS, ivyOlgaSamTess } from './e2e-school.ts';
import { ARTIFACTS, type E2eStack, expectAccessible, screenshot, startE2eStack } from './e2e-stack.ts';
import { viaLoopback } from './loopback-http.ts';
import { activeSkills, lessonOf, type Skill } from './taught-lessons.ts';

const SLUG = 'e2eoffline';
const createSchool = (stack: E2eStack) =>
  createE2eSchool(stack, SLUG, {
    timezone: 'Europe/London',
    ...ivyOlgaSamTess(SLUG),
    weekly: HOURS.roundTheClock,
  });
type School = Awaited<ReturnType<typeof createSchool>>;
type Entry = { skillId: string; level: number };

// A phone as Playwright describes it (Chromium's Pixel 7: its screen, touch, user agent).
const { defaultBrowserType: _browser, ...PIXEL } = devices['Pixel 7']!;

/** A JSON POST to a `<school>.localhost` URL from Node (loopback, Host kept): its status and JSON. */
function postJson(url: string, body: unknown, headers: Record<string, string>) {
  const { host, port, pathname } = new URL(url);
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: 'POST',
        headers: { host, 'content-type': 'application/json', accept: 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Until the service worker controls the page: from then on it keeps copies and replays records. */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

/** The records waiting on the phone (the outbox the record page writes and the worker replays). */
const outbox = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ lessonId: string; status: string; body: { entries: Entry[] } }[]>((resolve, reject) => {
        const open = indexedDB.open('dualcontrol-outbox', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('lesson-records', { keyPath: 'lessonId' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('lesson-records').objectStore('lesson-records').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result);
          };
        };
      }),
  );

describe('recording a lesson on a phone with no network, synced when it returns', () => {
  let stack: E2eStack;
  let s: School;
  let skills: Skill[] = [];
  /** Sam's lesson that the main journey records (its school's syllabus is installed with it). */
  let firstLesson = '';
  const shots: string[] = [];

  /** A lesson of `student` with Ivy that ended a while ago; taught and made into a lesson unless told. */
  async function endedLesson(student: School['sam'], minutesAgo: number, taught = true) {
    const bookingId = await s.book(student, s.ivy, gridStartIn(30), { confirm: true });
    await s.moveBack(bookingId, minutesAgo);
    if (!taught) return { bookingId, lessonId: '' };
    await s.ok('POST', `/api/v1/bookings/${bookingId}/complete`, s.ivy.token);
    return { bookingId, lessonId: await lessonOf(stack, s, bookingId, student.id) };
  }
  const entriesOf = async (lessonId: string) =>
    Object.fromEntries(
      ((await s.ok('GET', `/api/v1/lessons/${lessonId}`, s.owner.token)).entries as Entry[]).map((e) => [
        e.skillId,
        e.level,
      ]),
    );
  const row = (page: Page, skill: Skill) =>
    page.locator(`[data-testid="record-skill"][data-skill="${skill.id}"]`);
  const choose = (page: Page, skill: Skill, level: string) =>
    row(page, skill).locator('label', { hasText: level }).tap();

  /** Ivy on her phone, signed in, with the worker in control; the record page of `lessonId` open online. */
  async function recordPageOnline(lessonId: string) {
    const page = await s.signIn(s.ivy, PIXEL);
    await controlled(page);
    await page.goto(`${s.base}/lessons/${lessonId}/record`);
    await expect.poll(() => page.getByTestId('record-skill').count()).toBe(skills.length);
    return page;
  }

  /** Taps three levels and a note with no network, saves, and sees the record is kept on the phone. */
  async function saveOffline(page: Page, context: BrowserContext, levels: [Skill, string][]) {
    await context.setOffline(true);
    for (const [skill, level] of levels) await choose(page, skill, level);
    await page.getByRole('button', { name: 'Save the record' }).tap();
    await expect
      .poll(() => page.getByTestId('record-pending').textContent())
      .toContain('Saved on this phone');
  }

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchool(stack);
    expect(s.modules).toContain('lessons');
    firstLesson = (await endedLesson(s.sam, 200)).lessonId;
    skills = await activeSkills(s);
    expect(skills.length).toBeGreaterThan(4);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('marking a lesson taught in the diary leads straight to its record screen', async () => {
    const { bookingId } = await endedLesson(s.sam, 70, false);
    const page = await s.signIn(s.ivy, PIXEL);
    await page.waitForURL(/\/diary/);
    // Before it is taught there is no lesson to record: the page waits a little, then says so.
    await page.goto(`${s.base}/lessons/for-booking/${bookingId}`);
    await expect.poll(() => page.getByTestId('record-not-ready').textContent()).toContain('not ready');
    await expectAccessible(page, 'record: lesson not ready yet');
    await page.goto(`${s.base}/diary`);
    await page
      .locator(`[data-testid="past-lesson"][data-booking="${bookingId}"]`)
      .getByRole('button', { name: 'Mark as taught' })
      .tap();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Marked as taught.');
    await page.getByRole('link', { name: 'Record the lesson' }).tap();
    // The lesson is made from `booking.completed` a moment later (the worker's delivery, here the
    // test's): the page waits for it.
    await dispatchLessons(stack.api);
    await page.waitForURL(/\/lessons\/[^/]+\/record$/, { timeout: 15_000 });
    await expect.poll(() => page.getByTestId('record-skill').count()).toBe(skills.length);
    expect(await page.getByTestId('record-of').textContent()).toContain(`Lesson with ${s.sam.name}`);
    // The diary's own list of today's lessons links to the record too (unless it began yesterday).
    // Found by its booking: the suite's earlier lesson may be today's too, depending on the hour.
    // Its start as stored (set back before sign-in, a while ago: "now - 70 min" may be past midnight).
    const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    const started = (await s.ok('GET', `/api/v1/bookings/${bookingId}`, s.owner.token)).start as string;
    if (day(new Date(started)) === day(new Date())) {
      await page.goto(`${s.base}/diary`);
      const link = page.locator(`a[data-testid="record-link"][href="/lessons/for-booking/${bookingId}"]`);
      await expect.poll(() => link.count()).toBe(1);
      expect(await link.getAttribute('aria-label')).toMatch(new RegExp(`^Record lesson: ${s.sam.name}`));
    }
    await page.context().close();
  }, 90_000);

  it('the instructor records offline on a phone; it syncs when the network returns and the student sees it', async () => {
    const lessonId = firstLesson;
    const page = await s.signIn(s.ivy, PIXEL);
    const context = page.context();
    await controlled(page);
    // The lessons list, visited online, has the worker keep its open lessons' record pages.
    await page.goto(`${s.base}/lessons`);
    await expect
      .poll(() => page.evaluate((path) => caches.match(path).then(Boolean), `/lessons/${lessonId}/record`))
      .toBe(true);

    // The JavaScript the record page loads (compressed bytes over the wire: measured where no
    // service worker answers, which would report them decoded), and the route's own chunk.
    const bare = await s.signIn(s.ivy, { ...PIXEL, serviceWorkers: 'block' });
    await bare.goto(`${s.base}/lessons/${lessonId}/record`);
    await expect.poll(() => bare.getByTestId('record-skill').count()).toBe(skills.length);
    await bare.waitForLoadState('networkidle');
    const scripts = await bare.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/assets/') && e.name.endsWith('.js'))
        .map((e) => ({ name: e.name, bytes: (e as PerformanceResourceTiming).encodedBodySize })),
    );
    const total = scripts.reduce((sum, e) => sum + e.bytes, 0);
    // The route's chunk and the offline code it shares with the lessons list.
    const own = scripts.filter((e) => /\/(lessons\._id\.record|offline-[a-z-]+)-[^/]*\.js$/.test(e.name));
    const ownBytes = own.reduce((sum, e) => sum + e.bytes, 0);
    console.log(
      `record page JavaScript: ${scripts.length} files, ${(total / 1024).toFixed(1)} KB compressed; its own chunks (${own.length}) ${(ownBytes / 1024).toFixed(1)} KB`,
    );
    expect(own.length).toBeGreaterThan(0);
    expect(ownBytes).toBeLessThan(8 * 1024);
    expect(total).toBeLessThan(160 * 1024);
    await bare.context().close();

    await page.goto(`${s.base}/lessons/${lessonId}/record`);
    await expect.poll(() => page.getByTestId('record-skill').count()).toBe(skills.length);
    // One thumb: every level button is a big target, and the save button can be reached.
    for (const label of await row(page, skills[0]!).locator('label').all()) {
      const box = (await label.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
    // The save button sits in the bottom half of the screen from the start, without scrolling.
    const viewport = page.viewportSize()!;
    const save = (await page.getByRole('button', { name: 'Save the record' }).boundingBox())!;
    expect(save.y).toBeGreaterThan(viewport.height / 2);
    expect(save.y + save.height).toBeLessThanOrEqual(viewport.height);
    expect(save.height).toBeGreaterThanOrEqual(48);
    expect(await page.locator('#offline').isHidden()).toBe(true);
    await expectAccessible(page, 'record a lesson (phone, online)');

    // The car is out of signal.
    await saveOffline(page, context, [
      [skills[0]!, 'Independent'],
      [skills[1]!, 'Prompted'],
      [skills[2]!, 'Helped'],
    ]);
    await page.getByLabel('Notes for the student').fill('Roundabouts next time.');
    await page.getByRole('button', { name: 'Save the record' }).tap();
    await expect.poll(() => page.getByTestId('record-pending').textContent()).toContain('(3 skills)');
    expect(await page.locator('#offline').isVisible()).toBe(true);
    await expectAccessible(page, 'record a lesson (phone, offline, saved on the phone)');
    shots.push(await screenshot(page, 'lesson-record-offline-pending'));
    // What the thumb sees: "saved on this phone" beside the button it tapped.
    await page.screenshot({ path: `${ARTIFACTS}lesson-record-offline-phone.png` });
    shots.push('tests/test-results/e2e/lesson-record-offline-phone.png');
    const pending = (await page.getByTestId('record-pending').boundingBox())!;
    expect(pending.y).toBeGreaterThan(viewport.height / 2);
    expect(pending.y + pending.height).toBeLessThanOrEqual(viewport.height);
    expect(await entriesOf(lessonId)).toEqual({});
    expect((await outbox(page)).map((r) => [r.lessonId, r.status, r.body.entries.length])).toEqual([
      [lessonId, 'pending', 3],
    ]);
    // Background Sync is asked to send it when the connection returns.
    expect(
      await page.evaluate(() =>
        navigator.serviceWorker.ready.then((r) =>
          (r as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }).sync.getTags(),
        ),
      ),
    ).toContain('lesson-records');

    // Still offline, the page opens again from the phone, with what was saved on it.
    await page.reload();
    await expect.poll(() => page.getByTestId('record-pending').count()).toBe(1);
    expect(await row(page, skills[0]!).getByLabel('Independent').isChecked()).toBe(true);
    expect(await row(page, skills[1]!).getByLabel('Prompted').isChecked()).toBe(true);
    expect(await page.getByLabel('Notes for the student').inputValue()).toBe('Roundabouts next time.');
    // And the lessons list says which record is waiting.
    await page.goto(`${s.base}/lessons`);
    await expect
      .poll(() => page.locator(`[data-lesson="${lessonId}"] [data-testid="lesson-on-phone"]`).textContent())
      .toBe('Saved on this phone, waiting to sync');
    await expectAccessible(page, 'lesson records (offline, one waiting)');
    await page.goto(`${s.base}/lessons/${lessonId}/record`);
    await expect.poll(() => page.getByTestId('record-pending').count()).toBe(1);

    // Signal again: the record goes to the school, once.
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('record-saved').textContent()).toBe('Saved. 3 skills recorded.');
    expect(await entriesOf(lessonId)).toEqual({
      [skills[0]!.id]: 4,
      [skills[1]!.id]: 3,
      [skills[2]!.id]: 2,
    });
    expect((await s.ok('GET', `/api/v1/lessons/${lessonId}`, s.owner.token)).notes).toBe(
      'Roundabouts next time.',
    );
    expect(await outbox(page)).toEqual([]);
    expect(await page.locator('#offline').isHidden()).toBe(true);
    await expectAccessible(page, 'record a lesson (phone, synced)');
    // The worker's copy of the page now has the record (what opens next time offline).
    const copy = await page.evaluate(
      (path) => caches.match(path).then((r) => r?.text()),
      `/lessons/${lessonId}/record`,
    );
    expect(copy).toContain('Roundabouts next time.');
    await context.close();

    const progress = await s.ok('GET', `/api/v1/students/${s.sam.id}/progress`, s.sam.token);
    const level = (id: string) =>
      (progress.skills as { skillId: string; level: number | null }[]).find((k) => k.skillId === id)?.level;
    expect([level(skills[0]!.id), level(skills[1]!.id), level(skills[2]!.id)]).toEqual([4, 3, 2]);
    const sam = await s.signIn(s.sam, PIXEL);
    await sam.goto(`${s.base}/progress`);
    await expect
      .poll(() => sam.locator(`[data-testid="skill-row"][data-skill="${skills[0]!.id}"]`).textContent())
      .toContain('4 · Independent');
    await sam.context().close();
  }, 120_000);

  it('Background Sync sends a record saved offline with no page of the portal open', async () => {
    const { lessonId } = await endedLesson(s.tess, 300);
    const page = await recordPageOnline(lessonId);
    const context = page.context();
    await saveOffline(page, context, [[skills[3]!, 'Reflection']]);
    await page.close();
    await context.setOffline(false);
    // No page of the portal is open from here on: only the worker's `sync` handler can send it.
    // Chromium may fire that event itself when it sees the network again (seen in CI); if it has
    // not yet, do at once what it does (DevTools' "Sync" button).
    if (Object.keys(await entriesOf(lessonId)).length === 0) await dispatchSync(context);
    await expect.poll(() => entriesOf(lessonId)).toEqual({ [skills[3]!.id]: 5 });
    await context.close();
  }, 90_000);

  /** A `sync` event to the portal's service worker, as Chromium sends when the connection returns. */
  async function dispatchSync(context: BrowserContext) {
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    const registration = new Promise<{ registrationId: string; scopeURL: string }>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const mine = registrations.find((r: { scopeURL: string }) => r.scopeURL.startsWith(s.base));
        if (mine) resolve(mine);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const { registrationId, scopeURL } = await registration;
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: new URL(scopeURL).origin,
      registrationId,
      tag: 'lesson-records',
      lastChance: false,
    });
  }

  it('a replay refused because the record was locked meanwhile is shown, not dropped', async () => {
    const { lessonId } = await endedLesson(s.sam, 400);
    const page = await recordPageOnline(lessonId);
    const context = page.context();
    await saveOffline(page, context, [[skills[0]!, 'Introduced']]);
    // The edit window closes before the phone finds a network.
    await stack.api.tdb
      .owner`update lessons set editable_until = now() - interval '1 minute' where id = ${lessonId}`;
    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('record-locked').textContent())
      .toContain('This record is locked');
    expect(await page.getByText('What you saved on this phone was not accepted.').count()).toBe(1);
    await expectAccessible(page, 'record refused as locked');
    expect(await entriesOf(lessonId)).toEqual({});
    // Kept on the phone and said on the list, until the instructor discards it.
    expect((await outbox(page)).map((r) => r.status)).toEqual(['locked']);
    await page.goto(`${s.base}/lessons`);
    await expect
      .poll(() => page.locator(`[data-lesson="${lessonId}"] [data-testid="lesson-on-phone"]`).textContent())
      .toContain('not accepted');
    await page.goto(`${s.base}/lessons/${lessonId}/record`);
    await page.getByRole('button', { name: 'Discard it' }).tap();
    await expect.poll(() => outbox(page)).toEqual([]);
    await expect.poll(() => page.getByTestId('record-locked').count()).toBe(1);
    await context.close();
  }, 90_000);

  it('a replay after the session ended waits for the instructor to sign in again; forged posts are refused', async () => {
    const { lessonId } = await endedLesson(s.tess, 500);
    const page = await recordPageOnline(lessonId);
    const context = page.context();
    const cookie = (await context.cookies()).find((c) => c.name === 'dc_portal')!;
    await saveOffline(page, context, [[skills[2]!, 'Independent']]);

    // Another site posting a record with Ivy's cookie: refused before any route (nothing recorded).
    const forged = await viaLoopback(`${s.base}/lessons/${lessonId}/sync`, {
      method: 'POST',
      headers: {
        cookie: `dc_portal=${cookie.value}`,
        origin: 'http://evil.localhost',
        'content-type': 'application/json',
        accept: 'application/json',
      },
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).type).toContain('cross_site_form');
    // The sync route itself, sent as the worker sends it (same origin): no session, a body that is
    // not a record, and another instructor of the school replaying a record of Ivy's lesson.
    const sync = (cookieValue: string | null, body: unknown) =>
      postJson(`${s.base}/lessons/${lessonId}/sync`, body, {
        ...(cookieValue ? { cookie: `dc_portal=${cookieValue}` } : {}),
        origin: s.base,
      });
    const record = { entries: [{ skillId: skills[0]!.id, level: 5 }] };
    expect(await sync(null, { owner: s.ivy.id, ...record })).toEqual({
      status: 401,
      body: { status: 'signed-out' },
    });
    expect((await sync(cookie.value, { owner: s.ivy.id, entries: 'all of them' })).body.status).toBe(
      'failed',
    );
    // Saved under Ivy, sent with Olga's session: not hers to send.
    const olga = await s.signIn(s.olga, PIXEL);
    const olgaCookie = (await olga.context().cookies()).find((c) => c.name === 'dc_portal')!.value;
    await olga.context().close();
    expect((await sync(olgaCookie, { owner: s.ivy.id, ...record })).body.status).toBe('signed-out');
    // Her own record of a lesson she did not teach: the API does not show her the lesson.
    const asOlga = await sync(olgaCookie, { owner: s.olga.id, ...record });
    expect(asOlga.status).toBe(422);
    expect(asOlga.body.status).toBe('failed');
    expect(await entriesOf(lessonId)).toEqual({});

    // The session is gone (cookie expired) when the signal returns: the record stays, and says why.
    await context.clearCookies();
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('record-signed-out').textContent()).toContain('Sign in again');
    await expectAccessible(page, 'record waiting for sign-in');
    expect((await outbox(page)).map((r) => r.status)).toEqual(['signed-out']);
    expect(await entriesOf(lessonId)).toEqual({});

    // Signed in again, the next page load sends it.
    await page.goto(`${s.base}/sign-in`);
    await page.getByLabel('Email').fill(s.ivy.email);
    await page.getByLabel('Password').fill(s.ivy.password);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.waitForURL(/\/diary/);
    await expect.poll(() => entriesOf(lessonId)).toEqual({ [skills[2]!.id]: 4 });
    await expect.poll(() => outbox(page)).toEqual([]);

    // Signing out drops the phone's copies: the worker is told (as where Clear-Site-Data is ignored).
    await saveOfflineAgain(page, lessonId);
    await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: 'signed-out' }));
    await expect
      .poll(() => page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name))))
      .not.toContain('dualcontrol-outbox');
    await context.close();
  }, 120_000);

  /** A record saved offline on an already open context (for the sign-out check). */
  async function saveOfflineAgain(page: Page, lessonId: string) {
    await page.goto(`${s.base}/lessons/${lessonId}/record`);
    await controlled(page);
    await saveOffline(page, page.context(), [[skills[4]!, 'Helped']]);
    expect((await outbox(page)).length).toBe(1);
  }
});
