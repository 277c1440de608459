import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { systemActor } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSchools } from '../../scripts/demo-schools.ts';
import { registry } from '../demo/demo-schools.ts';
import { type E2eStack, PHONE, signIn, signInOperator, startE2eStack } from './e2e-stack.ts';

/**
 * The first ten minutes (issue 16): the demo schools as `npm start` makes them (the launcher's own
 * applyDemoSchools: definitions, module seeds, then six months of history through the services),
 * toured in Chromium as each of their roles. It asserts content — figures above zero, a learner's
 * progress, a conversation, the pipeline — not looks: the portal is being restyled. With
 * DEMO_SCREENSHOTS_DIR set it saves phone and desktop shots of four pages there for the note.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const SLUG = 'northside';
type DemoUser = { email: string; name: string; password: string; roles: string[] };
const users = (
  JSON.parse(readFileSync(join(ROOT, 'tenants', SLUG, 'tenant.json'), 'utf8')) as { users: DemoUser[] }
).users;
const withRole = (role: string) => users.find((u) => u.roles.includes(role))!;
const SHOTS = process.env.DEMO_SCREENSHOTS_DIR;
const DESKTOP = { viewport: { width: 1366, height: 900 } } as const;

/** Axe as every journey runs it: no serious or critical violation, colour contrast included. */
async function expectAccessible(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}

/** The number in a piece of text ("£1,234.50" → 1234.5, "12" → 12). */
const amount = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, '') || '0');

describe('the lived-in demo, toured as each role (npm start with DEMO_TENANTS)', () => {
  let stack: E2eStack;
  let base: string;
  const contexts: BrowserContext[] = [];
  const steps: string[] = [];

  beforeAll(async () => {
    stack = await startE2eStack();
    const { tdb } = stack.api;
    await applyDemoSchools({
      root: ROOT,
      env: tdb.env,
      platformDb: tdb.platformDb,
      appDb: tdb.db,
      registry,
      step: (m) => steps.push(m),
    });
    base = stack.school(SLUG);
  }, 600_000);
  // Closing waits for the dispatcher's batch in hand; after two schools' history that can be long
  // on a busy machine (seen over 120 s once, with CI running beside it).
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await stack?.close();
  }, 300_000);

  const as = async (user: DemoUser, options: object = DESKTOP): Promise<Page> => {
    const context = await stack.browser.newContext(options);
    contexts.push(context);
    return signIn(context, base, user.email, user.password);
  };

  /** Phone and desktop screenshots of a page for the lead's note, when asked for. */
  async function shots(user: DemoUser, path: string, name: string) {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    for (const [size, options] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const page = await as(user, options);
      await page.goto(`${base}${path}`);
      await page.screenshot({ path: join(SHOTS, `${name}-${size}.png`), fullPage: true });
    }
  }

  it('made both schools’ history with a progress line per layer', () => {
    console.log(steps.join('\n'));
    for (const layer of ['scheduling', 'lessons', 'payments', 'messaging', 'crm', 'analytics'])
      expect(
        steps.some((s) => s.startsWith(`demo ${SLUG}: ${layer}`)),
        layer,
      ).toBe(true);
  });

  it('the owner’s dashboard shows this week’s lessons and the money taken', async () => {
    const owner = withRole('owner');
    const page = await as(owner);
    await page.goto(`${base}/admin`);
    const lessons = page.getByRole('region', { name: 'Lessons in the week' });
    expect(amount(await lessons.textContent())).toBeGreaterThan(0);
    await expectAccessible(page, 'owner dashboard');
    await page.goto(`${base}/admin/finances`);
    expect(amount(await page.getByTestId('revenue-total').textContent())).toBeGreaterThan(0);
    await page.goto(`${base}/admin/reports/revenue`);
    await expect.poll(async () => (await page.locator('table tbody tr').count()) > 0).toBe(true);
    await shots(owner, '/admin', 'owner-dashboard');
  }, 120_000);

  it('the office finds contacts in several pipeline stages and conversations with messages', async () => {
    const admin = withRole('admin');
    const page = await as(admin);
    await page.goto(`${base}/crm`);
    const stages = page.getByTestId('crm-stage');
    let filled = 0;
    for (let i = 0; i < (await stages.count()); i += 1)
      if ((await stages.nth(i).getByTestId('crm-contact').count()) > 0) filled += 1;
    expect(filled).toBeGreaterThanOrEqual(5);
    await expectAccessible(page, 'crm board');
    await page.goto(`${base}/crm/tasks`);
    expect(await page.getByRole('main').textContent()).toMatch(/call|Send|review/i);
    await shots(admin, '/crm', 'crm-board');

    await page.goto(`${base}/messages`);
    await page.locator('a[href^="/messages/"]:not([href="/messages/new"])').first().click();
    await expect.poll(() => page.getByTestId('message').count()).toBeGreaterThan(0);
  }, 120_000);

  it('an instructor’s diary has lessons, and their learner’s progress page has levels', async () => {
    const instructor = withRole('instructor');
    const page = await as(instructor);
    await page.goto(`${base}/diary`);
    const lessons = page.locator('[data-testid="diary-lesson"], [data-testid="past-lesson"]');
    expect(await lessons.count()).toBeGreaterThan(0);
    await expectAccessible(page, 'instructor diary');
    await shots(instructor, '/diary', 'instructor-diary');

    const [learner] = await stack.api.tdb.db.withTenant(
      (await stack.api.tdb.platformDb.sql<{ id: string }[]>`select id from tenants where slug = ${SLUG}`)[0]!
        .id,
      systemActor,
      (tx) =>
        // Their learner with the most recorded lessons.
        tx.execute<{ id: string }>(
          sql`
            select l.student_id as id from lessons l join instructors i on i.tenant_id = l.tenant_id and i.id = l.instructor_id
              join users u on u.tenant_id = i.tenant_id and u.id = i.user_id
             where u.email = ${instructor.email} and l.recorded_at is not null
             group by l.student_id order by count(*) desc limit 1`,
        ),
    );
    await page.goto(`${base}/students/${learner!.id}/progress`);
    expect(amount(await page.getByTestId('readiness-score').textContent())).toBeGreaterThan(0);
  }, 120_000);

  it('a student sees their progress and a conversation with their instructor', async () => {
    // The student with the most lessons behind them.
    const students = users.filter((u) => u.roles.includes('student'));
    let best: { user: DemoUser; score: number } | null = null;
    for (const user of students.slice(0, 4)) {
      const page = await as(user);
      await page.goto(`${base}/progress`);
      const score = amount(await page.getByTestId('readiness-score').textContent());
      if (!best || score > best.score) best = { user, score };
    }
    expect(best!.score).toBeGreaterThan(0);
    const page = await as(best!.user);
    await page.goto(`${base}/progress`);
    expect(await page.getByTestId('readiness-component').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'student progress');
    await shots(best!.user, '/progress', 'student-progress');

    await page.goto(`${base}/messages`);
    await page.locator('a[href^="/messages/"]:not([href="/messages/new"])').first().click();
    await expect.poll(() => page.getByTestId('message').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'student conversation');
  }, 120_000);

  it('the operator sees the demo school’s usage with real figures', async () => {
    const context = await stack.browser.newContext(DESKTOP);
    contexts.push(context);
    const op = await signInOperator(context, stack.portalPort);
    await op.goto(`http://localhost:${stack.portalPort}/operator/schools/${SLUG}`);
    const usage = op.getByRole('region', { name: /Usage in the last 30 days/ });
    const figure = (label: string) =>
      usage
        .locator('div', { has: op.locator('dt', { hasText: label }) })
        .locator('dd')
        .first();
    expect(amount(await figure('Lessons booked').textContent())).toBeGreaterThan(0);
  }, 120_000);
});
