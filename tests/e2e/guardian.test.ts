import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchLessons } from '../lessons/lessons-fixture.ts';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS, ivyOlgaSamTess } from './e2e-school.ts';
import { type E2eStack, expectAccessible, mailTo, PHONE, screenshot, startE2eStack } from './e2e-stack.ts';

const SLUG = 'e2eguard';
const createSchool = (stack: E2eStack) =>
  createE2eSchool(stack, SLUG, {
    timezone: 'Europe/London',
    ...ivyOlgaSamTess(SLUG),
    weekly: HOURS.roundTheClock,
  });
type School = Awaited<ReturnType<typeof createSchool>>;

const GUARDIAN = {
  name: 'Grace Parent',
  email: 'grace.parent@e2eguard.test',
  password: 'grace-password-123',
};

/** A date in London `days` from today. */
const londonDay = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

// A learner invites a parent; the parent accepts, sees only that learner (progress, lessons,
// logbook) and confirms the practice drive they supervised.
describe('guardian journey', () => {
  let stack: E2eStack;
  let s: School;
  const shots: string[] = [];

  /** Teaches `student` an hour's lesson with Ivy three hours ago; the lesson id once delivered. */
  async function teach(student: School['sam']) {
    const bookingId = await s.book(student, s.ivy, gridStartIn(30 + Math.floor(Math.random() * 200)), {
      confirm: true,
    });
    await s.moveBack(bookingId, 180);
    await s.ok('POST', `/api/v1/bookings/${bookingId}/complete`, s.ivy.token);
    for (let tries = 0; tries < 40; tries++) {
      await dispatchLessons(stack.api);
      const lessons = await s.ok('GET', `/api/v1/lessons?studentId=${student.id}`, s.owner.token);
      const id = (lessons.data as { id: string; bookingId: string }[]).find(
        (l) => l.bookingId === bookingId,
      )?.id;
      if (id) return id;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the lesson never appeared');
  }

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchool(stack);
    const samLesson = await teach(s.sam);
    await teach(s.tess);
    const syllabus = await s.ok('GET', '/api/v1/syllabus', s.owner.token);
    const skill = (syllabus.categories as { skills: { id: string }[] }[])[0]!.skills[0]!;
    await s.ok('PUT', `/api/v1/lessons/${samLesson}/record`, s.ivy.token, {
      entries: [{ skillId: skill.id, level: 3 }],
      notes: 'Steady at junctions.',
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('the learner invites a guardian from their logbook; the guardian creates an account from the mailed link', async () => {
    const sam = await s.signIn(s.sam, PHONE);
    await sam.getByRole('link', { name: 'Logbook' }).click();
    await sam.waitForURL(/\/logbook$/);
    // Polled: on a loaded machine the page may still be loading when the URL has changed.
    await expect
      .poll(() => sam.getByText('Practice drives are confirmed by a guardian. Invite one first.').count())
      .toBe(1);
    await expectAccessible(sam, 'the learner’s logbook, no guardian yet');
    await sam.getByLabel('Their email').fill(GUARDIAN.email);
    await sam.getByLabel('Relationship (optional)').fill('mother');
    await sam.getByRole('button', { name: 'Send the invitation' }).click();
    await expect
      .poll(() => sam.getByRole('status').textContent())
      .toBe(`Invitation sent to ${GUARDIAN.email}.`);
    await sam.context().close();

    const mail = await mailTo(stack.api, GUARDIAN.email);
    const link = mail.match(/https?:\/\/\S+/)![0];
    expect(new URL(link).host).toBe(`${SLUG}.localhost:${stack.portalPort}`);
    const page = await (await stack.browser.newContext(PHONE)).newPage();
    await page.goto(link);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Follow ${s.sam.name}’s lessons`);
    await expectAccessible(page, 'accept a guardian invitation');
    shots.push(await screenshot(page, 'guardian-accept'));
    await page.getByLabel('Your name').fill(GUARDIAN.name);
    await page.getByLabel('Choose a password').fill(GUARDIAN.password);
    await page.getByRole('button', { name: 'Accept and continue' }).click();
    await page.waitForURL(/\/guardian$/);
    // Only the learner who invited her, and guardian navigation (no booking or student pages).
    await expect.poll(() => page.getByTestId('learner').count()).toBe(1);
    expect(await page.getByTestId('learner').textContent()).toContain(s.sam.name);
    expect(await page.content()).not.toContain(s.tess.name);
    const nav = page.getByRole('navigation', { name: /main/i });
    expect(await nav.getByRole('link', { name: 'My learners' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Book a lesson' }).count()).toBe(0);
    await expectAccessible(page, 'guardian home');
    // The link works once.
    await page.goto(link);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('already accepted');
    await page.context().close();
  }, 90_000);

  it('the guardian sees their learner’s progress and lessons, read-only, and not another learner’s', async () => {
    const page = await signInGuardian();
    await page.getByRole('link', { name: `Progress: ${s.sam.name}` }).click();
    await page.waitForURL(/\/guardian\/[^/]+\/progress$/);
    await expect
      .poll(() => page.getByTestId('readiness-score').textContent())
      .toMatch(/^\d{1,3} out of 100$/);
    await expectAccessible(page, 'learner progress for the guardian');
    await page.goBack();
    await page.getByRole('link', { name: `Lessons: ${s.sam.name}` }).click();
    await page.waitForURL(/\/guardian\/[^/]+\/lessons$/);
    await expect.poll(() => page.getByTestId('learner-lesson').count()).toBe(1);
    expect(await page.getByTestId('learner-lesson').textContent()).toContain('Steady at junctions.');
    expect(await page.locator('form').count()).toBe(1); // the header's sign-out only
    await expectAccessible(page, 'learner lessons for the guardian');
    for (const path of [
      `/guardian/${s.tess.id}/progress`,
      `/guardian/${s.tess.id}/logbook`,
      `/students/${s.tess.id}/progress`,
    ]) {
      const res = await page.goto(`${s.base}${path}`);
      expect(res!.status(), path).toBe(404);
    }
    expect(await page.content()).not.toContain(s.tess.name);
    await page.context().close();
  }, 90_000);

  it('the learner logs a supervised drive; the guardian confirms it and the logbook counts it', async () => {
    const sam = await s.signIn(s.sam, PHONE);
    await sam.goto(`${s.base}/logbook`);
    await sam.getByLabel('Date').fill(londonDay(-1));
    await sam.getByLabel('Start').fill('18:30');
    await sam.getByLabel('Minutes', { exact: true }).fill('75');
    await sam.getByLabel('Night minutes').fill('25');
    await sam.getByLabel('Supervised by').selectOption({ label: GUARDIAN.name });
    await sam.getByLabel('Notes').fill('Ring road at dusk');
    await sam.getByRole('button', { name: 'Log the drive' }).click();
    await expect
      .poll(() => sam.getByTestId('logbook-status').textContent())
      .toBe(`Logged. It counts once ${GUARDIAN.name} confirms it.`);
    await expect
      .poll(() => sam.locator('[data-testid="practice-entry"][data-status="pending"]').count())
      .toBe(1);
    await expectAccessible(sam, 'the learner’s logbook with a pending drive');
    shots.push(await screenshot(sam, 'learner-logbook'));
    await sam.context().close();

    const page = await signInGuardian();
    expect(await page.getByTestId('learner-pending').textContent()).toBe('1 practice drive to confirm');
    await page.getByRole('link', { name: `Logbook: ${s.sam.name}` }).click();
    await page.waitForURL(/\/guardian\/[^/]+\/logbook$/);
    await expect.poll(() => page.getByTestId('logbook-practice').textContent()).toContain('0 min');
    await expectAccessible(page, 'learner logbook for the guardian, a drive to confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.getByTestId('logbook-status').textContent())
      .toBe('Confirmed: the drive now counts.');
    await expect
      .poll(() => page.locator('[data-testid="practice-entry"][data-status="confirmed"]').count())
      .toBe(1);
    expect(await page.getByTestId('logbook-practice').textContent()).toContain(
      '1 h 15 min · 25 min of it at night',
    );
    await expectAccessible(page, 'learner logbook after confirming');
    shots.push(await screenshot(page, 'guardian-logbook'));
    await page.context().close();

    const book = await s.ok('GET', `/api/v1/students/${s.sam.id}/logbook`, s.owner.token);
    expect(book.practice.confirmed).toMatchObject({ entries: 1, minutes: 75, nightMinutes: 25 });
  }, 90_000);

  /** The guardian signs in with the password she chose (lands on her learners). */
  async function signInGuardian() {
    const page = await (await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${s.base}/sign-in`);
    await page.getByLabel('Email').fill(GUARDIAN.email);
    await page.getByLabel('Password').fill(GUARDIAN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/guardian$/);
    return page;
  }
});
