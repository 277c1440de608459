import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaymentsSchool,
  dispatchPayments,
  type PaymentsSchool,
  stripeEnv,
} from '../payments/payments-fixture.ts';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { moveLessonBack } from './e2e-school.ts';
import {
  download,
  type E2eStack,
  expectAccessible,
  mailTo,
  screenshot,
  signIn,
  startE2eStack,
} from './e2e-stack.ts';

// The school office's finances and student import, in a real browser against the real API.
describe('admin: finances and students', () => {
  let stack: E2eStack;
  let s: PaymentsSchool;
  const shots: string[] = [];
  const base = () => stack.school('finschool');

  beforeAll(async () => {
    stack = await startE2eStack(stripeEnv());
    s = await createPaymentsSchool(stack.api, 'finschool');
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  /** A lesson moved into the past (as if taught an hour ago) and completed by its instructor: it earns. */
  async function teach(studentToken: string) {
    const lesson = await s.book(studentToken);
    await moveLessonBack(stack.api, lesson.id, 61);
    expect((await s.call('POST', `/api/v1/bookings/${lesson.id}/complete`, s.instructor.token)).status).toBe(
      200,
    );
    await dispatchPayments(stack.api);
    // When it ended, which is when it earned.
    return (await s.call('GET', `/api/v1/bookings/${lesson.id}`, s.ownerToken)).body.end as string;
  }

  it('the owner records a cash payment once (double click), refunds part, downloads an invoice and an earnings statement', async () => {
    const [sam] = s.students;
    const lesson = await s.book(sam.token);
    const taughtEnd = await teach(s.students[1].token);

    // axe needs JavaScript in the page, so the pages are checked in a JavaScript context below.
    // Without JavaScript nothing stops a double click from sending the form twice: the form's
    // Idempotency-Key makes the second send replay the first.
    const plain = await stack.browser.newContext({ javaScriptEnabled: false });
    const form = await signIn(plain, base(), s.owner.email, s.owner.password);
    await form.goto(`${base()}/admin/finances/payments`);
    await form.getByLabel('Student', { exact: true }).selectOption({ label: 'Sam finschool' });
    await form.getByRole('button', { name: 'Show what they can pay' }).click();
    await form.waitForURL(/student=/);
    await form.getByLabel('What Sam finschool paid for').selectOption({ value: `booking:${lesson.id}` });
    await form.getByLabel('Cash', { exact: true }).check();
    await form.getByRole('button', { name: 'Record payment' }).dblclick();
    // Not waitForURL: the second send aborts the first navigation, and waitForURL can catch that
    // aborted one (net::ERR_ABORTED) on a slow machine; the page must simply end up recorded.
    await expect.poll(() => form.url(), { timeout: 15_000 }).toMatch(/recorded=/);
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Payment recorded');
    await plain.close();
    const paid = await s.call('GET', `/api/v1/payments?bookingId=${lesson.id}`, s.ownerToken);
    expect(paid.body.data).toHaveLength(1);
    expect(paid.body.data[0]).toMatchObject({ method: 'cash', status: 'succeeded', amountMinor: 4500 });
    const paymentId = paid.body.data[0].id as string;

    const context = await stack.browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, base(), s.owner.email, s.owner.password);
    // The record form with something to pay (a package on sale), checked for accessibility.
    await s.call('POST', '/api/v1/packages', s.ownerToken, {
      name: 'Five hours',
      priceMinor: 20000,
      creditMinor: 22500,
    });
    await page.goto(`${base()}/admin/finances/payments?student=${sam.id}`);
    await expect
      .poll(() => page.getByLabel('What Sam finschool paid for').textContent())
      .toContain('Five hours');
    await expectAccessible(page, 'finances: record a payment');
    // Part of it back, in cash; then more than is left: the API's 409, said in money.
    const row = page.locator(`[data-payment="${paymentId}"]`);
    await row.locator('summary').click();
    await row.getByLabel(/Amount to refund/).fill('20.00');
    await row.locator('button[type="submit"]').click();
    await page.waitForURL(/refunded=/);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Refund recorded');
    await expect.poll(() => row.textContent()).toContain('£20.00 refunded');
    // The disclosure may still be open from the first refund (the browser keeps its state).
    if (!(await row.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)))
      await row.locator('summary').click();
    await row.getByLabel(/Amount to refund/).fill('30.00');
    await row.locator('button[type="submit"]').click();
    await expect
      .poll(() => row.getByRole('alert').textContent())
      .toContain('at most £25.00 of this payment can still be refunded');
    await expectAccessible(page, 'finances: refund refused');
    const refunds = await s.call('GET', `/api/v1/payments/${paymentId}/refunds`, s.ownerToken);
    expect(refunds.body.data.map((r: { amountMinor: number }) => r.amountMinor)).toEqual([2000]);

    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.waitForURL(/\/admin\/finances\/invoices$/);
    await expectAccessible(page, 'finances: invoices');
    await expect.poll(() => page.getByTestId('invoice').count()).toBe(2); // the invoice and its credit note
    const invoice = await download(page, page.getByRole('link', { name: /Download INV-/ }).last());
    expect(invoice.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(invoice.name).toMatch(/\.pdf$/);

    await page.getByRole('link', { name: 'Earnings statements' }).click();
    await page.getByLabel('Instructor', { exact: true }).selectOption({ label: s.instructor.name });
    // The statement is this month's unless told: a lesson that ended just before the month began is not in it.
    const earnedOn = DateTime.fromISO(taughtEnd).setZone(s.timezone).toISODate()!;
    if (earnedOn < (await page.locator('#from').inputValue())) await page.locator('#from').fill(earnedOn);
    await page.getByRole('button', { name: 'Show statement' }).click();
    await page.waitForURL(/instructor=/);
    await expect.poll(() => page.getByTestId('statement-total').textContent()).toBe('£31.50'); // 30 % commission
    await expectAccessible(page, 'finances: earnings statement');
    const csv = await download(page, page.getByRole('link', { name: 'Download CSV' }));
    const lines = csv.body.toString().trim().split('\r\n');
    expect(lines[0]).toBe('date,booking_id,lesson_amount,commission_percent,earnings');
    expect(lines).toHaveLength(3);
    expect(csv.name).toMatch(/^earnings-.*\.csv$/);
    await page
      .getByRole('button', { name: `Record the payout to ${s.instructor.name} for this period` })
      .click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Payout recorded: £31.50 (lessons: 1).');

    // A late cancellation leaves a fee due; the office waives it, giving a reason.
    const sid = s.students[2];
    const late = await s.book(sid.token, { start: gridStartIn(30) });
    const cancelled = await s.call('POST', `/api/v1/bookings/${late.id}/cancel`, sid.token, {});
    expect(cancelled.body.cancellationFeeMinor).toBeGreaterThan(0);
    await dispatchPayments(stack.api);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.waitForURL(/\/admin\/finances$/);
    await expect.poll(() => page.getByTestId('revenue-total').textContent()).toBe('£25.00');
    await expect.poll(() => page.getByTestId('fee').count()).toBe(1);
    await expectAccessible(page, 'finances: overview');
    shots.push(await screenshot(page, 'admin-finances'));
    await page.getByLabel(`Why waive the fee of ${sid.name}?`).fill('Flat tyre on the way, not her fault');
    await page.getByRole('button', { name: 'Waive fee' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Fee waived');
    await expect.poll(() => page.getByTestId('fee').count()).toBe(0);
    const waived = await s.call('GET', '/api/v1/cancellation-fees?status=waived', s.ownerToken);
    expect(waived.body.data).toMatchObject([
      { bookingId: late.id, waiveReason: 'Flat tyre on the way, not her fault' },
    ]);
    await context.close();
  }, 120_000);

  it('imports students from a CSV: the bar reaches 100%, bad rows are reported, the good ones are invited and can sign in', async () => {
    const csv = [
      'name,email,phone',
      '"Ann, the first",ann@finschool.test,01234',
      'Bad Address,not-an-email,',
      'Cy Student,cy@finschool.test,',
      `Sam Again,${s.students[0].email},`,
      'Di Student,di@finschool.test,',
    ].join('\r\n');
    const before = (await s.call('GET', '/api/v1/students?limit=100', s.ownerToken)).body.data.length;

    const context = await stack.browser.newContext();
    const page = await signIn(context, base(), s.owner.email, s.owner.password);
    await page.goto(`${base()}/admin/students`);
    await page.getByRole('link', { name: /Import many students/ }).click();
    await page.waitForURL(/\/admin\/students\/import$/);
    await expectAccessible(page, 'students: import');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({
      name: 'students.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${csv}\r\n`),
    });
    await page.getByRole('button', { name: 'Import students' }).click();
    await expect
      .poll(() =>
        page
          .locator('#import-progress')
          .evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max]),
      )
      .toEqual([5, 5]);
    await expect.poll(() => page.getByTestId('import-progress-text').textContent()).toContain('(100%)');
    await expect
      .poll(() => page.getByTestId('import-progress-text').textContent())
      .toContain('Students added: 3. Rows refused: 2.');
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.locator('tbody tr').count()).toBe(2);
    await expect.poll(() => report.locator('tr[data-row="3"]').textContent()).toContain('not-an-email');
    expect(await report.locator('tr[data-row="3"]').textContent()).toContain('not an email address');
    expect(await report.locator('tr[data-row="5"]').textContent()).toContain(s.students[0].email);
    expect(await report.locator('tr[data-row="5"]').textContent()).toContain('already in use at this school');
    await expectAccessible(page, 'students: import report');
    shots.push(await screenshot(page, 'admin-import-report'));

    const after = (await s.call('GET', '/api/v1/students?limit=100', s.ownerToken)).body.data as {
      name: string;
      email: string;
    }[];
    expect(after.length - before).toBe(3);
    expect(after.map((p) => p.email)).toEqual(
      expect.arrayContaining(['ann@finschool.test', 'cy@finschool.test', 'di@finschool.test']),
    );
    expect(after.find((p) => p.email === 'ann@finschool.test')!.name).toBe('Ann, the first');

    // The students page: adding with a first password (as the journeys test does), adding without
    // one (an invitation goes out), and resending an invitation.
    await page.goto(`${base()}/admin/students`);
    await page.getByLabel('Name').fill('Stella Student');
    await page.getByLabel('Email').fill('stella@finschool.test');
    await page.getByLabel('First password').fill('stella-student-pw');
    await page.getByRole('button', { name: 'Add student' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Stella Student added');
    expect(await stack.api.login('finschool', 'stella@finschool.test', 'stella-student-pw')).toBeTruthy();
    await page.getByLabel('Name').fill('Ivo Invited');
    await page.getByLabel('Email').fill('ivo@finschool.test');
    await page.getByRole('button', { name: 'Add student' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Ivo Invited added. An invitation is on its way to ivo@finschool.test.');
    await page.getByRole('button', { name: 'Resend invitation to Di Student' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Invitation sent to di@finschool.test');
    await expectAccessible(page, 'students');

    // Cy's invitation, from the development mailbox: the link sets a password once, and Cy signs in.
    const text = await mailTo(stack.api, 'cy@finschool.test');
    const link = text.match(/https?:\/\/\S+/)![0];
    expect(link).toContain(`finschool.localhost:${stack.portalPort}/reset-password?token=`);
    const cyCtx = await stack.browser.newContext();
    const cy = await cyCtx.newPage();
    await cy.goto(link);
    await cy.getByLabel(/New password/).fill('cy-chosen-password');
    await cy.getByRole('button', { name: 'Save my new password' }).click();
    await expect.poll(() => cy.getByRole('status').textContent()).toContain('Your password is changed');
    const signedIn = await signIn(cyCtx, base(), 'cy@finschool.test', 'cy-chosen-password');
    expect(signedIn.url()).toMatch(/\/home$/);
    await cyCtx.close();
    await context.close();
  }, 120_000);

  it('without JavaScript the whole file is imported on submit and the report shown', async () => {
    const context = await stack.browser.newContext({ javaScriptEnabled: false });
    const page = await signIn(context, base(), s.owner.email, s.owner.password);
    await page.goto(`${base()}/admin/students/import`);
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({
      name: 'more.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email,name\neve@finschool.test,Eve Student\nEVE@finschool.test,Eve Twice\n'),
    });
    await page.getByRole('button', { name: 'Import students' }).click();
    await expect
      .poll(() => page.getByTestId('import-progress-text').textContent())
      .toContain('2 of 2 rows processed (100%). Students added: 1. Rows refused: 1.');
    expect(await page.locator('tr[data-row="3"]').textContent()).toContain('on an earlier row of this file');
    const students = await s.call('GET', '/api/v1/students?limit=100', s.ownerToken);
    expect(
      students.body.data.filter((p: { email: string }) => p.email === 'eve@finschool.test'),
    ).toHaveLength(1);
    await context.close();
  }, 60_000);

  it('a school without the payments module is told so on its finances page', async () => {
    const off = await stack.api.createSchool('finoff', { modules: ['scheduling'] });
    const context = await stack.browser.newContext();
    const page = await signIn(context, stack.school('finoff'), off.owner.email, off.owner.password);
    const res = await page.goto(`${stack.school('finoff')}/admin/finances/payments`);
    expect(res!.status()).toBe(404);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Payments are turned off');
    await expectAccessible(page, 'finances: module off');
    await context.close();
  }, 60_000);
});
