import { randomUUID } from 'node:crypto';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAnalytics, emit, tenantIdOf } from '../analytics/analytics-fixture.ts';
import { createSchedulingSchool, type SchedulingSchool } from '../scheduling/scheduling-fixture.ts';
import {
  download,
  type E2eStack,
  expectAccessible,
  PHONE,
  screenshot,
  signIn,
  startE2eStack,
} from './e2e-stack.ts';

// The office opens a report in a real browser: the server-drawn SVG chart and the table with the
// figures of a known history, on a desktop and on a phone, axe-clean, and the CSV behind its link.
describe('analytics reports in the portal', () => {
  let stack: E2eStack;
  let s: SchedulingSchool;
  const shots: string[] = [];
  const base = () => stack.school('anae2e');
  const path = '/admin/reports/cancellations?from=2026-03-30&to=2026-04-01&period=day';

  beforeAll(async () => {
    stack = await startE2eStack();
    s = await createSchedulingSchool(stack.api, 'anae2e');
    const t = await tenantIdOf(stack.api, 'anae2e');
    const lesson = async (
      type: 'booking.completed' | 'booking.cancelled' | 'booking.no_show',
      start: string,
      at: string,
    ) =>
      emit(
        stack.api,
        t,
        schedulingEvents[type],
        {
          bookingId: randomUUID(),
          instructorId: s.instructor.id,
          studentId: s.students[0]!.id,
          start,
          end: new Date(Date.parse(start) + 3_600_000).toISOString(),
          status:
            type === 'booking.completed' ? 'completed' : type === 'booking.no_show' ? 'no_show' : 'cancelled',
          previousStatus: 'confirmed',
        },
        at,
      );
    // 30 March: three taught, one cancelled early; 31 March: one taught, one no-show.
    for (const hour of ['08', '10', '12'])
      await lesson('booking.completed', `2026-03-30T${hour}:00:00Z`, `2026-03-30T${hour}:59:00Z`);
    await lesson('booking.cancelled', '2026-03-30T15:00:00Z', '2026-03-20T09:00:00Z');
    await lesson('booking.completed', '2026-03-31T09:00:00Z', '2026-03-31T10:00:00Z');
    await lesson('booking.no_show', '2026-03-31T11:00:00Z', '2026-03-31T12:05:00Z');
    await dispatchAnalytics(stack.api);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('shows the chart and the table with the right numbers, and downloads them as CSV', async () => {
    const context = await stack.browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, base(), s.owner.email, s.owner.password);
    await page.goto(`${base()}/admin`);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('link', { name: 'Cancellations and no-shows' }).click();
    await page.waitForURL(/\/admin\/reports\/cancellations/);
    await page.goto(`${base()}${path}`);
    const chart = page.getByRole('img', { name: /Cancellations and no-shows/ });
    await expect.poll(() => chart.count()).toBe(1);
    expect(await chart.getAttribute('aria-label')).toContain(
      '2026-03-30: Cancellation rate % 25, No-show rate % 0',
    );
    // Two series (cancellation and no-show rates), three days: six bars drawn by the server.
    expect(await page.locator('figure.report-chart svg[role="img"] rect').count()).toBe(6);
    const rows = page.getByRole('table').getByRole('row');
    const text = async (i: number) => (await rows.nth(i).innerText()).split('\t').map((c) => c.trim());
    expect(await text(1)).toEqual(['2026-03-30', '4', '3', '1', '0', '0', '25 %', '0 %', '0 %']);
    expect(await text(2)).toEqual(['2026-03-31', '2', '1', '0', '0', '1', '0 %', '0 %', '50 %']);
    expect(await text(3)).toEqual(['2026-04-01', '0', '0', '0', '0', '0', 'No data', 'No data', 'No data']);
    await expectAccessible(page, 'cancellations report');
    shots.push(await screenshot(page, 'analytics-report-desktop'));

    const csv = await download(page, page.getByRole('link', { name: 'Download as CSV' }));
    expect(csv.name).toBe('cancellations-2026-03-30-2026-04-01.csv');
    expect(csv.body.toString('utf8').split('\r\n').slice(0, 2)).toEqual([
      'Period,Lessons due,Taught,Cancelled,Cancelled late,No-shows,Cancellation rate %,Late cancellation rate %,No-show rate %',
      '2026-03-30,4,3,1,0,0,25,0,0',
    ]);

    // A range the API refuses is explained beside the form, not an error page.
    await page.goto(`${base()}/admin/reports/revenue?from=2026-04-02&to=2026-04-01`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The range ends before it starts');
    await context.close();
  });

  it('works on a phone and keeps students out', async () => {
    const phone = await stack.browser.newContext({ ...PHONE });
    const page = await signIn(phone, base(), s.owner.email, s.owner.password);
    await page.goto(`${base()}${path}`);
    await expect.poll(() => page.getByRole('img', { name: /Cancellations and no-shows/ }).count()).toBe(1);
    // The page itself never scrolls sideways; the wide table scrolls inside its own region.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    await expectAccessible(page, 'cancellations report on a phone');
    shots.push(await screenshot(page, 'analytics-report-phone'));
    await phone.close();

    const student = await stack.browser.newContext();
    const sp = await signIn(student, base(), s.students[0]!.email, s.students[0]!.password);
    const res = await sp.goto(`${base()}${path}`);
    expect(res?.status()).toBe(403);
    await student.close();
  });
});
