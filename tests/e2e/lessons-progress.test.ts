import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { createE2eSchool, HOURS, ivyOlgaSamTess } from './e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, screenshot, startE2eStack } from './e2e-stack.ts';
import { activeSkills, lessonOf, type Skill } from './taught-lessons.ts';

const SLUG = 'e2eprog';
const createSchool = (stack: E2eStack) =>
  createE2eSchool(stack, SLUG, {
    timezone: 'Europe/London',
    ...ivyOlgaSamTess(SLUG),
    weekly: HOURS.roundTheClock,
  });
type School = Awaited<ReturnType<typeof createSchool>>;

// After a lesson: the instructor records each skill's level on a phone; the student sees where they stand.
describe('lesson records and student progress', () => {
  let stack: E2eStack;
  let s: School;
  let lessonId = '';
  let skills: Skill[] = [];
  const shots: string[] = [];

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchool(stack);
    expect(s.modules).toContain('lessons');
    // Sam's lesson with Ivy, three hours ago, marked taught by Ivy; the lessons module makes the
    // lesson from `booking.completed` once the outbox is delivered (as the worker does).
    const bookingId = await s.book(s.sam, s.ivy, gridStartIn(30), { confirm: true });
    await s.moveBack(bookingId, 180);
    await s.ok('POST', `/api/v1/bookings/${bookingId}/complete`, s.ivy.token);
    lessonId = await lessonOf(stack, s, bookingId, s.sam.id);
    skills = await activeSkills(s);
    expect(skills.length).toBeGreaterThan(4);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('the instructor on a phone records skills’ levels with the big buttons and a note, with and without JavaScript', async () => {
    const page = await s.signIn(s.ivy, PHONE);
    await page.getByRole('link', { name: 'Lesson records' }).first().click();
    await page.waitForURL(/\/lessons$/);
    await expect.poll(() => page.getByTestId('lesson-record').count()).toBe(1);
    expect(await page.getByTestId('lesson-record').textContent()).toContain('Not recorded yet');
    await expectAccessible(page, 'lesson records');
    await page.getByRole('link', { name: /^Record lesson/ }).click();
    await page.waitForURL(/\/lessons\/[^/]+\/record$/);
    await expect.poll(() => page.getByTestId('record-skill').count()).toBe(skills.length);
    expect(await page.getByTestId('record-of').textContent()).toContain(`Lesson with ${s.sam.name} on`);
    await expectAccessible(page, 'record a lesson (phone)');

    const row = (skill: Skill) => page.locator(`[data-testid="record-skill"][data-skill="${skill.id}"]`);
    const choose = (skill: Skill, level: string) => row(skill).locator('label', { hasText: level }).click();
    await choose(skills[0]!, 'Independent');
    await choose(skills[1]!, 'Prompted');
    await choose(skills[2]!, 'Helped');
    // A big button, reachable by a thumb: at least 44 px high.
    const box = await row(skills[0]!).locator('label', { hasText: 'Independent' }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await page.getByLabel('Notes for the student').fill('Good mirror checks; junctions next time.');
    shots.push(await screenshot(page, 'lesson-record-phone'));
    await page.getByRole('button', { name: 'Save the record' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved. 3 skills recorded.');
    expect(await row(skills[0]!).getByLabel('Independent').isChecked()).toBe(true);
    await expectAccessible(page, 'lesson recorded');

    const lesson = await s.ok('GET', `/api/v1/lessons/${lessonId}`, s.owner.token);
    expect(
      Object.fromEntries(
        (lesson.entries as { skillId: string; level: number }[]).map((e) => [e.skillId, e.level]),
      ),
    ).toEqual({ [skills[0]!.id]: 4, [skills[1]!.id]: 3, [skills[2]!.id]: 2 });
    expect(lesson.notes).toBe('Good mirror checks; junctions next time.');

    // No JavaScript at all: the level buttons are radio inputs in a plain form the route's action
    // takes (axe needs scripts, so this same page was checked above).
    const noScript = await s.signIn(s.ivy, { ...PHONE, javaScriptEnabled: false });
    await noScript.goto(`${s.base}/lessons/${lessonId}/record`);
    await noScript
      .locator(`[data-testid="record-skill"][data-skill="${skills[3]!.id}"]`)
      .locator('label', { hasText: 'Introduced' })
      .click();
    await noScript.getByRole('button', { name: 'Save the record' }).click();
    await noScript.waitForURL(/saved=4/);
    expect(await noScript.getByRole('status').textContent()).toBe('Saved. 4 skills recorded.');
    expect(await noScript.getByLabel('Notes for the student').inputValue()).toBe(
      'Good mirror checks; junctions next time.',
    );
    await noScript.context().close();

    // The edit window closes while the page is open: saving says the record is locked.
    await page.reload();
    await stack.api.tdb
      .owner`update lessons set editable_until = now() - interval '1 minute' where id = ${lessonId}`;
    await choose(skills[4]!, 'Introduced');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await expect
      .poll(() => page.getByTestId('record-locked').textContent())
      .toContain('This record is locked');
    await expectAccessible(page, 'locked record');
    const unchanged = await s.ok('GET', `/api/v1/lessons/${lessonId}`, s.owner.token);
    expect((unchanged.entries as unknown[]).length).toBe(4);
    await page.context().close();
  }, 90_000);

  it('the student sees readiness with its reasons, what to practise next, and each skill’s level', async () => {
    const page = await s.signIn(s.sam, { viewport: { width: 1280, height: 900 } });
    await page.getByRole('link', { name: 'My progress' }).click();
    await page.waitForURL(/\/progress$/);
    await expect
      .poll(() => page.getByTestId('readiness-score').textContent())
      .toMatch(/^\d{1,3} out of 100$/);
    expect(await page.getByTestId('readiness-component').count()).toBe(4);
    expect(await page.getByTestId('readiness-component').first().textContent()).toMatch(
      /Skills \d+ of 40 points: ./,
    );
    expect(await page.getByTestId('recommendation').count()).toBeGreaterThan(0);
    const skillRow = (skill: Skill) => page.locator(`[data-testid="skill-row"][data-skill="${skill.id}"]`);
    expect(await skillRow(skills[0]!).textContent()).toContain('4 · Independent');
    expect(await skillRow(skills[1]!).textContent()).toContain('3 · Prompted');
    expect(await skillRow(skills[2]!).textContent()).toContain('2 · Helped');
    expect(await skillRow(skills[3]!).textContent()).toContain('1 · Introduced');
    expect(await skillRow(skills[4]!).textContent()).toContain('Not started');
    // The chart is drawn on the server (inline SVG), hidden from screen readers: the table says it.
    expect(await page.locator('.skill-chart svg[aria-hidden="true"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'student progress');
    shots.push(await screenshot(page, 'student-progress'));
    await page.context().close();

    // Sam's instructor sees the same from their students list.
    const ivy = await s.signIn(s.ivy, PHONE);
    await ivy.goto(`${s.base}/students`);
    await ivy.getByRole('link', { name: `Progress: ${s.sam.name}` }).click();
    await ivy.waitForURL(/\/students\/[^/]+\/progress$/);
    await expect
      .poll(() => ivy.locator(`[data-testid="skill-row"][data-skill="${skills[0]!.id}"]`).textContent())
      .toContain('4 · Independent');
    await expectAccessible(ivy, 'student progress for the instructor (phone)');
    await ivy.context().close();

    // And the office, from the school's students list.
    const owner = await s.signIn(s.owner, { viewport: { width: 1280, height: 900 } });
    await owner.goto(`${s.base}/admin/students`);
    await owner.getByRole('link', { name: `Progress: ${s.sam.name}` }).click();
    await owner.waitForURL(/\/students\/[^/]+\/progress$/);
    await expect
      .poll(() => owner.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Progress: ${s.sam.name}`);
    expect(
      await owner.locator(`[data-testid="skill-row"][data-skill="${skills[1]!.id}"]`).textContent(),
    ).toContain('3 · Prompted');
    await expectAccessible(owner, 'student progress for the office');
    await owner.context().close();

    // Ivy marks a mock test, a pass with one driving fault: Sam's readiness goes up, and its
    // mock-test reason says so.
    const scoreOf = (text: string | null) =>
      Number(/^(\d{1,3}) out of 100$/.exec(text ?? '')?.[1] ?? Number.NaN);
    const again = await s.signIn(s.sam, { viewport: { width: 1280, height: 900 } });
    await again.goto(`${s.base}/progress`);
    const before = scoreOf(await again.getByTestId('readiness-score').textContent());
    expect(before).toBeGreaterThanOrEqual(0);
    await s.ok('POST', `/api/v1/students/${s.sam.id}/mock-tests`, s.ivy.token, {
      faults: [{ skillId: skills[0]!.id, driving: 1, serious: 0, dangerous: 0 }],
    });
    await again.reload();
    await expect
      .poll(async () => scoreOf(await again.getByTestId('readiness-score').textContent()))
      .toBeGreaterThan(before);
    await again.context().close();
  }, 120_000);

  it('another student opening that progress page gets the not-found page', async () => {
    const page = await s.signIn(s.tess);
    const res = await page.goto(`${s.base}/students/${s.sam.id}/progress`);
    expect(res!.status()).toBe(404);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('There is nothing here.');
    expect(await page.content()).not.toContain('readiness');
    await expectAccessible(page, 'another student’s progress: 404');
    await page.context().close();
  }, 60_000);
});
