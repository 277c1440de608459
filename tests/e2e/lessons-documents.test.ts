import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS, ivyOlgaSamTess } from './e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, screenshot, startE2eStack } from './e2e-stack.ts';
import { activeSkills, lessonOf, type Skill } from './taught-lessons.ts';

const SLUG = 'e2edocs';
const createSchool = (stack: E2eStack) =>
  createE2eSchool(stack, SLUG, {
    timezone: 'Europe/London',
    ...ivyOlgaSamTess(SLUG),
    weekly: HOURS.roundTheClock,
  });
type School = Awaited<ReturnType<typeof createSchool>>;

const today = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
const plusDays = (n: number) =>
  new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Days from today to a date, as the pages count them (one fewer should midnight pass meanwhile). */
const daysUntil = (date: string) => Math.round((Date.parse(date) - Date.parse(today())) / 86_400_000);

// Papers and tests: the office chases expiring documents, a learner sees their tests and the
// sheet of a mock test their instructor marked, and a renamed skill shows under its new name.
describe('documents, tests and the syllabus in the portal', () => {
  let stack: E2eStack;
  let s: School;
  let skills: Skill[] = [];
  const shots: string[] = [];
  // The papers' dates, chosen in beforeAll: the tests read them back minutes later.
  let badgeExpires = '';
  let eyesightExpired = '';

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchool(stack);
    expect(s.modules).toContain('lessons');
    // Sam's lesson with Ivy (which makes Ivy one of his instructors), recorded on two skills.
    const bookingId = await s.book(s.sam, s.ivy, gridStartIn(30), { confirm: true });
    await s.moveBack(bookingId, 180);
    await s.ok('POST', `/api/v1/bookings/${bookingId}/complete`, s.ivy.token);
    const lessonId = await lessonOf(stack, s, bookingId, s.sam.id);
    skills = await activeSkills(s);
    await s.ok('PUT', `/api/v1/lessons/${lessonId}/record`, s.ivy.token, {
      entries: [
        { skillId: skills[0]!.id, level: 3 },
        { skillId: skills[1]!.id, level: 2 },
      ],
    });
    // Papers: Ivy's badge runs out in 10 days, Sam's eyesight check expired 3 days ago.
    [badgeExpires, eyesightExpired] = [plusDays(10), plusDays(-3)];
    await s.ok('POST', '/api/v1/documents', s.ivy.token, {
      category: 'instructor_badge',
      expiresOn: badgeExpires,
    });
    await s.ok('POST', '/api/v1/documents', s.sam.token, {
      category: 'eyesight',
      expiresOn: eyesightExpired,
    });
    // Sam passed his theory test three weeks ago.
    const theory = await s.ok('POST', `/api/v1/students/${s.sam.id}/tests`, s.owner.token, {
      kind: 'theory',
      testOn: plusDays(-21),
    });
    await s.ok('POST', `/api/v1/tests/${theory.id}/result`, s.owner.token, { result: 'passed' });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('the office sees what expires, soonest first, and marks a document as checked', async () => {
    const page = await s.signIn(s.owner, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${s.base}/admin`);
    await page.getByRole('link', { name: 'Documents expiring' }).click();
    await page.waitForURL(/\/admin\/documents$/);
    const rows = page.getByTestId('expiring-document');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain(`Expired ${-daysUntil(eyesightExpired)} days ago`);
    expect(await rows.nth(0).textContent()).toContain(s.sam.name);
    expect(await rows.nth(1).textContent()).toContain(`${daysUntil(badgeExpires)} days left`);
    expect(await rows.nth(1).textContent()).toContain('Instructor badge');
    await expectAccessible(page, 'documents expiring');
    shots.push(await screenshot(page, 'admin-documents-expiring'));

    await page.getByRole('button', { name: `Mark as checked: Instructor badge (${s.ivy.name})` }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Marked as checked');
    expect(await rows.nth(1).textContent()).toMatch(/Checked \d/);
    const [badge] = (await s.ok('GET', '/api/v1/documents', s.ivy.token)).data;
    expect(badge.verifiedAt).not.toBeNull();
    await expectAccessible(page, 'document checked');

    // A longer window looks further ahead (the same two here: nothing else has an expiry).
    await page.getByLabel('Show documents expiring within').selectOption('365');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/days=365/);
    expect(await rows.count()).toBe(2);
    await page.context().close();
  }, 90_000);

  it('a learner sees the warning on their own documents and adds a new one', async () => {
    const page = await s.signIn(s.sam, PHONE);
    await page.getByRole('link', { name: 'Documents' }).first().click();
    await page.waitForURL(/\/documents$/);
    expect(await page.getByTestId('document-warnings').textContent()).toContain('Eyesight check: Expired on');
    await expectAccessible(page, 'my documents');
    await page.getByLabel('Kind of document').selectOption('licence');
    await page.getByLabel('Licence or certificate number (optional)').fill('SAMPL901015S99AB');
    const licenceExpires = plusDays(20);
    await page.getByLabel('Expires on (optional)').fill(licenceExpires);
    await page.getByRole('button', { name: 'Add document' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Added: Driving licence.');
    expect(await page.getByTestId('document-warnings').textContent()).toContain(
      `Driving licence: Expires in ${daysUntil(licenceExpires)} days`,
    );
    await expectAccessible(page, 'document added');
    // Nothing wider than the phone (a wide page zooms out and its buttons shrink under the thumb).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    shots.push(await screenshot(page, 'student-documents-phone'));
    // Wrong way round: the API's reason, beside the field, and nothing saved.
    await page.getByLabel('Issued on (optional)').fill(plusDays(5));
    await page.getByLabel('Expires on (optional)').fill(plusDays(1));
    await page.getByRole('button', { name: 'Add document' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('nothing was saved');
    expect((await s.ok('GET', '/api/v1/documents', s.sam.token)).data).toHaveLength(2);
    await page.context().close();
  }, 90_000);

  it('an instructor marks a mock test; the learner sees their test history and its sheet', async () => {
    const ivy = await s.signIn(s.ivy, PHONE);
    await ivy.goto(`${s.base}/students`);
    await ivy.getByRole('link', { name: `Progress: ${s.sam.name}` }).click();
    await ivy.waitForURL(/\/students\/[^/]+\/progress$/);
    await ivy.getByRole('navigation', { name: 'Learner pages' }).getByRole('link', { name: 'Tests' }).click();
    await ivy.waitForURL(/\/students\/[^/]+\/tests$/);
    await ivy.getByRole('link', { name: 'Mark a mock test' }).click();
    await ivy.waitForURL(/\/mock-tests\/new$/);
    await expectAccessible(ivy, 'mark a mock test');
    expect(await ivy.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await ivy.getByLabel(`Driving faults: ${skills[0]!.name}`).fill('2');
    await ivy.getByLabel(`Driving faults: ${skills[2]!.name}`).fill('1');
    await ivy.getByLabel(`Serious faults: ${skills[1]!.name}`).fill('1');
    await ivy.getByLabel('Summary for the learner (optional)').fill('Observation at junctions let you down.');
    await ivy.getByRole('button', { name: 'Mark the test' }).click();
    await ivy.waitForURL(/\/mock-tests\/[0-9a-f-]+\?saved=1$/);
    // One serious fault fails it, whatever the driving faults (the API's rule, not the page's).
    expect(await ivy.getByTestId('mock-result').textContent()).toBe('Fail');
    expect(await ivy.getByTestId('mock-driving').textContent()).toBe('3');
    await expectAccessible(ivy, 'mock test sheet (instructor)');
    // Reading for next time, assigned for the lesson just taught.
    await ivy
      .getByRole('navigation', { name: 'Learner pages' })
      .getByRole('link', { name: 'Reading and links' })
      .click();
    await ivy.waitForURL(/\/materials$/);
    await expectAccessible(ivy, 'materials (instructor)');
    await ivy.getByLabel('Kind').selectOption('link');
    await ivy.getByLabel('Title').fill('The Highway Code: junctions');
    await ivy.getByLabel('Web address (optional)').fill('https://www.gov.uk/guidance/the-highway-code');
    await ivy.getByLabel('For a lesson (optional)').selectOption({ index: 1 });
    await ivy.getByRole('button', { name: 'Assign' }).click();
    await expect
      .poll(() => ivy.getByRole('status').textContent())
      .toBe('Assigned: The Highway Code: junctions.');
    expect(await ivy.getByTestId('material').textContent()).toContain('For the lesson of');
    expect(await ivy.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Ivy's own papers: the badge the office has checked, due soon.
    await ivy.getByRole('link', { name: 'Documents' }).first().click();
    await ivy.waitForURL(/\/documents$/);
    expect(await ivy.getByTestId('document').textContent()).toContain('Checked by the office on');
    expect(await ivy.getByTestId('document-warnings').textContent()).toContain(
      `Instructor badge: Expires in ${daysUntil(badgeExpires)} days`,
    );
    await expectAccessible(ivy, 'instructor documents');
    await ivy.context().close();

    const sam = await s.signIn(s.sam, { viewport: { width: 1280, height: 900 } });
    await sam.getByRole('link', { name: 'My progress' }).click();
    await sam.waitForURL(/\/progress$/);
    await sam.getByRole('navigation', { name: 'Learner pages' }).getByRole('link', { name: 'Tests' }).click();
    await sam.waitForURL(/\/tests$/);
    const test = sam.getByTestId('test-record');
    await expect.poll(() => test.count()).toBe(1);
    expect(await test.textContent()).toContain('Theory');
    expect(await test.textContent()).toContain('Passed');
    expect(await sam.getByTestId('mock-test').count()).toBe(1);
    // A learner reads their sheets; marking is for instructors.
    expect(await sam.getByRole('link', { name: 'Mark a mock test' }).count()).toBe(0);
    await expectAccessible(sam, 'test history');
    shots.push(await screenshot(sam, 'student-tests'));
    await sam.getByRole('link', { name: /^Sheet of/ }).click();
    await sam.waitForURL(/\/mock-tests\/[0-9a-f-]+$/);
    expect(await sam.getByTestId('mock-result').textContent()).toBe('Fail');
    const sheet = sam.getByTestId('sheet-row');
    expect(await sheet.count()).toBe(3);
    expect(await sheet.nth(0).textContent()).toContain(skills[0]!.name);
    expect(await sam.getByText('Observation at junctions let you down.').count()).toBe(1);
    await expectAccessible(sam, 'mock test sheet (learner)');
    shots.push(await screenshot(sam, 'student-mock-sheet'));

    // Goals: Sam sets one; then the reading Ivy assigned.
    await sam.getByRole('navigation', { name: 'Learner pages' }).getByRole('link', { name: 'Goals' }).click();
    await sam.waitForURL(/\/goals$/);
    await expectAccessible(sam, 'goals (empty)');
    await sam.getByLabel('Goal', { exact: true }).fill('Pass in the spring');
    await sam.getByLabel('Target test date (optional)').fill(plusDays(90));
    await sam.getByLabel('Lessons a week (optional)').fill('2');
    await sam.getByRole('button', { name: 'Set the goal' }).click();
    await expect.poll(() => sam.getByRole('status').textContent()).toBe('Goal set: Pass in the spring.');
    expect(await sam.getByTestId('goal').textContent()).toContain('2 lessons a week');
    await expectAccessible(sam, 'goals');
    await sam
      .getByRole('navigation', { name: 'Learner pages' })
      .getByRole('link', { name: 'Reading and links' })
      .click();
    await sam.waitForURL(/\/materials$/);
    const link = sam.getByRole('link', { name: 'The Highway Code: junctions' });
    expect(await link.getAttribute('href')).toBe('https://www.gov.uk/guidance/the-highway-code');
    // A learner reads what was assigned; assigning is for instructors.
    expect(await sam.getByRole('button', { name: 'Assign' }).count()).toBe(0);
    await expectAccessible(sam, 'materials (learner)');
    await sam.context().close();
  }, 120_000);

  it('the office renames a skill (its history kept) and the learner’s progress shows the new name', async () => {
    const page = await s.signIn(s.owner, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${s.base}/admin`);
    await page.getByRole('link', { name: 'Syllabus' }).click();
    await page.waitForURL(/\/admin\/syllabus$/);
    await expectAccessible(page, 'syllabus editor');
    const old = skills[0]!.name;
    const renamed = `${old} (our way)`;
    await page.getByLabel(`Name of ${old}`).fill(renamed);
    await page.getByRole('button', { name: `Rename ${old}` }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Saved: ${renamed}.`);
    const row = page.locator(`[data-testid="syllabus-skill"][data-skill="${skills[0]!.id}"]`);
    expect(await row.getByTestId('skill-formerly').textContent()).toContain(`Formerly: ${old}`);
    await expectAccessible(page, 'skill renamed');
    shots.push(await screenshot(page, 'admin-syllabus'));
    await page.context().close();

    const sam = await s.signIn(s.sam, { viewport: { width: 1280, height: 900 } });
    await sam.getByRole('link', { name: 'My progress' }).click();
    await sam.waitForURL(/\/progress$/);
    const skillRow = sam.locator(`[data-testid="skill-row"][data-skill="${skills[0]!.id}"]`);
    await expect.poll(() => skillRow.textContent()).toContain(renamed);
    expect(await skillRow.textContent()).toContain('3 · Prompted');
    await expectAccessible(sam, 'progress after rename');
    await sam.context().close();
  }, 90_000);

  it('another learner opening Sam’s tests, sheet, goals or reading gets the not-found page', async () => {
    const [mock] = (await s.ok('GET', `/api/v1/students/${s.sam.id}/mock-tests`, s.owner.token)).data;
    const page = await s.signIn(s.tess);
    for (const path of ['tests', `mock-tests/${mock.id}`, 'goals', 'materials']) {
      const res = await page.goto(`${s.base}/students/${s.sam.id}/${path}`);
      expect(res!.status(), path).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('There is nothing here.');
      expect(await page.content()).not.toContain('Observation at junctions');
    }
    // Nor can she mark one for him (it is for instructors).
    const res = await page.goto(`${s.base}/students/${s.sam.id}/mock-tests/new`);
    expect(res!.url()).toMatch(/\/tests$/);
    expect(res!.status()).toBe(404);
    await page.context().close();
  }, 60_000);
});
