import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import {
  createPaymentsSchool,
  createTestApi,
  dispatchPayments,
  type PaymentsSchool,
  type TestApi,
} from './payments-fixture.ts';

// Settings, tax on invoices, instructor earnings and payouts, credit expiry, and the reports.
describe('payment settings, earnings and reports', () => {
  let api: TestApi;
  let s: PaymentsSchool;
  const today = () => DateTime.now().setZone('Europe/London').toISODate()!;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createPaymentsSchool(api, 'reportschool');
  });
  afterAll(() => api.close());

  /**
   * A lesson moved into the past (as if just taught, for an hour) and completed by its instructor.
   * It ends a second ago, not a minute: earnings are dated by the lesson's end, and the tests read
   * "today", which a lesson ending a minute before London's midnight would miss.
   */
  async function teach(studentToken: string) {
    const lesson = await s.book(studentToken);
    await api.tdb.owner`
      update bookings set starts_at = now() - interval '3601 seconds', ends_at = now() - interval '1 second'
      where id = ${lesson.id}`;
    const done = await s.call('POST', `/api/v1/bookings/${lesson.id}/complete`, s.instructor.token);
    expect(done.status).toBe(200);
    await dispatchPayments(api);
    return lesson;
  }

  it('admins change payment rules; bad values are refused field by field', async () => {
    const bad = await s.call('PATCH', '/api/v1/payments/settings', s.ownerToken, {
      commissionBps: 20000,
      taxRate: 20,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.commissionBps',
      'body.taxRate',
    ]);
    const byStudent = await s.call('PATCH', '/api/v1/payments/settings', s.students[0].token, {
      commissionBps: 0,
    });
    expect(byStudent.status).toBe(403);
    const ok = await s.call('PATCH', '/api/v1/payments/settings', s.ownerToken, {
      commissionBps: 2500,
      taxRateBps: 2000,
      invoicePrefix: 'RS',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      commissionBps: 2500,
      taxRateBps: 2000,
      taxLabel: 'VAT',
      invoicePrefix: 'RS',
    });
  });

  it('invoices carry the tax included in the price', async () => {
    const paid = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: s.students[0].id,
      method: 'cash',
      purpose: 'booking',
      bookingId: (await s.book(s.students[0].token)).id,
    });
    const [invoice] = (await s.call('GET', `/api/v1/invoices?studentId=${s.students[0].id}`, s.ownerToken))
      .body.data;
    expect(invoice.paymentId).toBe(paid.body.id);
    const full = await s.call('GET', `/api/v1/invoices/${invoice.id}`, s.ownerToken);
    expect(full.body).toMatchObject({
      displayNumber: 'RS-000001',
      subtotalMinor: 3750,
      taxMinor: 750,
      totalMinor: 4500,
    });
    expect(full.body.lines).toMatchObject([
      { taxRateBps: 2000, taxLabel: 'VAT', netMinor: 3750, taxMinor: 750 },
    ]);
  });

  it('completed lessons earn the instructor their share; statements as JSON, CSV and PDF; payouts once', async () => {
    await teach(s.students[1].token);
    await teach(s.students[2].token);
    const period = `from=${today()}&to=${today()}`;
    const json = await s.call(
      'GET',
      `/api/v1/instructors/${s.instructor.id}/earnings?${period}`,
      s.instructor.token,
    );
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ totalLessonMinor: 9000, totalEarningsMinor: 6750, currency: 'GBP' });
    expect(json.body.rows).toHaveLength(2);
    expect(json.body.rows[0]).toMatchObject({ lessonMinor: 4500, commissionBps: 2500, earningsMinor: 3375 });

    const csv = await s.call(
      'GET',
      `/api/v1/instructors/${s.instructor.id}/earnings?${period}&format=csv`,
      s.ownerToken,
    );
    expect(csv.contentType).toContain('text/csv');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toBe('date,booking_id,lesson_amount,commission_percent,earnings');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^${today()},[0-9a-f-]{36},45\\.00,25\\.00,33\\.75$`));
    expect(lines[3]).toBe('total,,90.00,,67.50');
    const pdf = await s.call(
      'GET',
      `/api/v1/instructors/${s.instructor.id}/earnings?${period}&format=pdf`,
      s.ownerToken,
    );
    expect(pdf.contentType).toBe('application/pdf');
    expect(String(pdf.body).startsWith('%PDF-')).toBe(true);

    // Another instructor and students cannot read these earnings.
    for (const token of [s.otherInstructor.token, s.students[1].token]) {
      const res = await s.call('GET', `/api/v1/instructors/${s.instructor.id}/earnings?${period}`, token);
      expect(res.status).toBe(404);
    }
    const backwards = await s.call(
      'GET',
      `/api/v1/instructors/${s.instructor.id}/earnings?from=${today()}&to=2020-01-01`,
      s.ownerToken,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('query.to');

    const body = { instructorId: s.instructor.id, from: today(), to: today() };
    const payout = await s.call('POST', '/api/v1/payouts', s.ownerToken, body);
    expect(payout.status).toBe(201);
    expect(payout.body).toMatchObject({ lessons: 2, totalMinor: 6750 });
    const again = await s.call('POST', '/api/v1/payouts', s.ownerToken, body);
    expect(again.status).toBe(409);
  });

  it('expired credit stops counting and is written off in the ledger at the next movement', async () => {
    const student = s.students[2];
    const pkg = await s.call('POST', '/api/v1/packages', s.ownerToken, {
      name: 'Short-lived',
      priceMinor: 1000,
      creditMinor: 1000,
      validityDays: 30,
    });
    // A lot bought long ago whose validity has run out (inserted directly: the ledger is append-only).
    await api.tdb.owner`
      insert into credit_ledger (tenant_id, student_id, kind, amount_minor, currency, expires_at, package_id, reason)
      values (${s.tenant.id}, ${student.id}, 'purchase', 1000, 'GBP', now() - interval '1 day', ${pkg.body.id}, 'old')`;
    expect((await s.credit(student.id)).balanceMinor).toBe(0);
    await s.call('POST', `/api/v1/students/${student.id}/credit/adjustments`, s.ownerToken, {
      amountMinor: 500,
      reason: 'goodwill',
    });
    const credit = await s.credit(student.id);
    expect(credit.balanceMinor).toBe(500);
    expect(credit.entries.find((e) => e.kind === 'expiry')).toMatchObject({ amountMinor: -1000 });
    expect(credit.entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(500);
    const refused = await api.tdb
      .owner`update credit_ledger set amount_minor = 1 where student_id = ${student.id}`.catch(
      (e: Error) => e.message,
    );
    expect(refused).toContain('append-only');
  });

  it('reports revenue by day, outstanding balances and package usage', async () => {
    const student = s.students[1];
    const pkg = await s.call('POST', '/api/v1/packages', s.ownerToken, {
      name: 'Two lessons',
      priceMinor: 8000,
      creditMinor: 9000,
    });
    await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: student.id,
      method: 'bank_transfer',
      purpose: 'package',
      packageId: pkg.body.id,
    });
    const lesson = await s.book(student.token);
    await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, { method: 'credit' });
    const refunded = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: student.id,
      method: 'cash',
      purpose: 'other',
      amountMinor: 2000,
      description: 'Mock test',
    });
    await s.call('POST', `/api/v1/payments/${refunded.body.id}/refunds`, s.ownerToken, {
      amountMinor: 500,
      destination: 'original',
    });

    const revenue = await s.call(
      'GET',
      `/api/v1/reports/revenue?from=${today()}&to=${today()}&period=day`,
      s.ownerToken,
    );
    expect(revenue.status).toBe(200);
    // Today: 4500 (first lesson, cash) + 8000 (package) + 2000 (mock test) in; 500 back; credit spends are not revenue.
    expect(revenue.body.periods).toEqual([
      { period: today(), receivedMinor: 14500, refundedMinor: 500, netMinor: 14000, payments: 3 },
    ]);

    const late = await s.book(s.students[0].token, { start: gridStartIn(5) });
    await s.call('POST', `/api/v1/bookings/${late.id}/cancel`, s.students[0].token);
    await dispatchPayments(api);
    const outstanding = await s.call('GET', '/api/v1/reports/outstanding', s.ownerToken);
    expect(outstanding.body.students).toEqual([
      expect.objectContaining({ studentId: s.students[0].id, dueFeesMinor: 4500, totalMinor: 4500 }),
    ]);

    // A lot that lapsed with nothing since: expired in the report before any write-off is recorded.
    const lapsed = await s.call('POST', '/api/v1/packages', s.ownerToken, {
      name: 'Lapsed',
      priceMinor: 700,
      creditMinor: 700,
    });
    await api.tdb.owner`
      insert into credit_ledger (tenant_id, student_id, kind, amount_minor, currency, expires_at, package_id, reason)
      values (${s.tenant.id}, ${s.students[0].id}, 'purchase', 700, 'GBP', now() - interval '1 hour', ${lapsed.body.id}, 'old')`;
    const usage = await s.call('GET', '/api/v1/reports/package-usage', s.ownerToken);
    expect(usage.body.packages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'Two lessons',
          sold: 1,
          creditGrantedMinor: 9000,
          creditUsedMinor: 4500,
          creditOpenMinor: 4500,
        }),
        expect.objectContaining({
          name: 'Short-lived',
          sold: 1,
          creditGrantedMinor: 1000,
          creditExpiredMinor: 1000,
          creditOpenMinor: 0,
        }),
        expect.objectContaining({ name: 'Lapsed', sold: 1, creditExpiredMinor: 700, creditOpenMinor: 0 }),
      ]),
    );
    for (const path of [
      '/api/v1/reports/revenue?from=2026-01-01&to=2026-01-02',
      '/api/v1/reports/outstanding',
    ]) {
      expect((await s.call('GET', path, s.students[0].token)).status).toBe(403);
    }
  });
});
