import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createE2eSchool, ivyOlgaSamTess } from './e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, screenshot, startE2eStack } from './e2e-stack.ts';

const SLUG = 'e2ecrm';
const createSchool = (stack: E2eStack) => createE2eSchool(stack, SLUG, { ...ivyOlgaSamTess(SLUG) });
type School = Awaited<ReturnType<typeof createSchool>>;

// From enquiry to the pipeline: someone sends the school's public form on a phone, the office
// finds them on the board, moves them a stage (with JavaScript off: the forms work alone), adds a
// note, and the contact's timeline shows the enquiry, the move's stage and the note.
describe('crm in the portal: enquiry form → pipeline board → move → note → timeline', () => {
  let stack: E2eStack;
  let s: School;
  const shots: string[] = [];

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchool(stack);
    expect(s.modules).toContain('crm');
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('the journey', async () => {
    // 1. The public enquiry form, on a phone, signed out.
    const visitor = await (await stack.browser.newContext(PHONE)).newPage();
    visitor.setDefaultTimeout(15_000);
    await visitor.goto(`${s.base}/enquiry`);
    await expectAccessible(visitor, 'enquiry form');
    await visitor.getByLabel('Your name').fill('Erin Enquirer');
    await visitor.getByLabel('Email').fill('erin@example.com');
    await visitor.getByLabel('Postcode').fill('N7 8AB');
    await visitor.getByLabel('Automatic').check();
    await visitor.getByLabel('When you are free (e.g. weekday evenings)').fill('Weekday evenings');
    await visitor.getByLabel('I agree that the school may contact me about lessons.').check();
    shots.push(await screenshot(visitor, 'crm-enquiry-form'));
    await visitor.getByRole('button', { name: 'Send enquiry' }).click();
    await expect.poll(() => visitor.getByRole('status').textContent()).toContain('we have your enquiry');
    await expectAccessible(visitor, 'enquiry sent');
    await visitor.context().close();

    // 2. The office finds Erin on the board in Enquiry.
    const office = await s.signIn(s.owner, { viewport: { width: 1280, height: 900 } });
    office.setDefaultTimeout(15_000);
    await office.goto(`${s.base}/admin`);
    await office.getByRole('link', { name: 'Pipeline' }).click();
    await office.waitForURL(/\/crm$/);
    const column = (page: typeof office, stage: string) =>
      page.locator(`[data-testid="crm-stage"][data-stage="${stage}"]`);
    // Polled: the link is a client-side navigation, and the URL changes before React renders the
    // board (read at once, the column can still be missing: an empty list).
    await expect
      .poll(() => column(office, 'enquiry').getByTestId('crm-contact').allTextContents())
      .toEqual([expect.stringContaining('Erin Enquirer')]);
    await expectAccessible(office, 'pipeline board');
    shots.push(await screenshot(office, 'crm-board'));

    // Moving her on works without JavaScript (axe needs a script, so it runs on the office's page).
    const plain = await s.signIn(s.owner, { javaScriptEnabled: false });
    plain.setDefaultTimeout(15_000);
    await plain.goto(`${s.base}/crm`);
    await plain.getByLabel('Move Erin Enquirer to').selectOption('contacted');
    await plain.getByRole('button', { name: 'Move' }).click();
    await plain.waitForURL(/moved=/);
    expect(await plain.getByRole('status').textContent()).toBe('Erin Enquirer moved to Contacted.');
    expect(await column(plain, 'contacted').getByTestId('crm-contact').allTextContents()).toEqual([
      expect.stringContaining('Erin Enquirer'),
    ]);
    expect(await column(plain, 'enquiry').getByTestId('crm-contact').count()).toBe(0);
    await plain.context().close();
    await office.reload();
    const contacted = column(office, 'contacted');
    expect(await contacted.getByTestId('crm-contact').count()).toBe(1);
    await expectAccessible(office, 'board after the move');

    // 3. Her page: a note, and the timeline shows it above the enquiry and its call-back task.
    await contacted.getByRole('link', { name: 'Erin Enquirer' }).click();
    await office.waitForURL(/\/crm\/contacts\//);
    await office
      .getByLabel('Note', { exact: true })
      .fill('Called back: wants an automatic, evenings, starting in March.');
    await office.getByRole('button', { name: 'Add note' }).click();
    await office.waitForURL(/noted=1/);
    expect(await office.getByRole('status').textContent()).toBe('Note added.');
    const entries = office.getByTestId('crm-timeline-entry');
    const texts = await entries.allTextContents();
    expect(texts[0]).toContain('Called back: wants an automatic');
    expect(texts.join('\n')).toContain('Enquiry form from Erin Enquirer, postcode N7 8AB, automatic');
    expect(texts.join('\n')).toContain('New enquiry: call Erin Enquirer back');
    expect(await office.locator('dl.facts').textContent()).toContain('Contacted');
    await expectAccessible(office, 'contact timeline');
    shots.push(await screenshot(office, 'crm-contact'));

    // 4. The call-back task in the office's list (due today, nobody's yet: "All open"), done from there.
    await office.goto(`${s.base}/crm/tasks?show=all`);
    const tasks = office.getByTestId('crm-task');
    expect(await tasks.allTextContents()).toEqual([
      expect.stringContaining('New enquiry: call Erin Enquirer back'),
    ]);
    await expectAccessible(office, 'crm tasks');
    await office.getByRole('button', { name: 'Mark “New enquiry: call Erin Enquirer back” done' }).click();
    await office.waitForURL(/done=1/);
    // The URL changes before React renders the revalidated list: wait for the list, not the URL.
    await expect.poll(() => tasks.count()).toBe(0);
    await office.context().close();

    // 5. The board on a phone (with JavaScript) is readable and accessible too.
    const phone = await s.signIn(s.owner, PHONE);
    await phone.goto(`${s.base}/crm`);
    await expectAccessible(phone, 'pipeline board on a phone');
    shots.push(await screenshot(phone, 'crm-board-phone'));
    await phone.context().close();
  }, 120_000);
});
