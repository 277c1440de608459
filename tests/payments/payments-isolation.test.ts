import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import {
  createPaymentsSchool,
  createTestApi,
  dispatchPayments,
  type PaymentsSchool,
  stripeEnv,
  type TestApi,
} from './payments-fixture.ts';

type Op = { method: string; path: string; body?: unknown };

// Every payments route, aimed at school A's money by (1) another school's owner on their own host
// and (2) another student of school A. Neither may read or change anything of it.
describe('payments isolation: another school, another student', () => {
  let api: TestApi;
  let a: PaymentsSchool;
  let b: PaymentsSchool;
  let ops: Op[];
  const fingerprint = async () =>
    api.tdb.owner`
      select (select count(*) from payments)::int as payments, (select count(*) from refunds)::int as refunds,
             (select count(*) from credit_ledger)::int as ledger, (select count(*) from invoices)::int as invoices,
             (select count(*) from payment_plans where status = 'active')::int as active_plans,
             (select count(*) from cancellation_fees where status = 'due')::int as due_fees,
             (select count(*) from payment_methods where removed_at is null)::int as cards,
             (select count(*) from payout_reports)::int as payouts,
             (select string_agg(name || price_minor, ',' order by name) from lesson_packages) as packages`;

  beforeAll(async () => {
    api = await createTestApi({ env: stripeEnv() });
    a = await createPaymentsSchool(api, 'schoola', { stripe: true });
    b = await createPaymentsSchool(api, 'schoolb', { stripe: true });
    const sam = a.students[0];
    const card = await a.saveCard(sam.token);
    const lesson = await a.book(sam.token);
    const paid = await a.call('POST', `/api/v1/bookings/${lesson.id}/pay`, sam.token, { method: 'card' });
    const unpaid = await a.book(sam.token);
    const [invoice] = (await a.call('GET', '/api/v1/invoices', sam.token)).body.data;
    const pkg = await a.call('POST', '/api/v1/packages', a.ownerToken, {
      name: 'Five',
      priceMinor: 20000,
      creditMinor: 22000,
    });
    const plan = await a.call('POST', '/api/v1/payment-plans', a.ownerToken, {
      studentId: sam.id,
      description: 'Course',
      instalments: [{ amountMinor: 1000, dueAt: new Date(Date.now() + 86_400_000).toISOString() }],
    });
    const late = await a.book(sam.token, { start: gridStartIn(3) });
    await a.call('POST', `/api/v1/bookings/${late.id}/cancel`, sam.token);
    await a.call('DELETE', `/api/v1/payment-methods/${card.id}`, sam.token); // so the fee stays due
    await dispatchPayments(api);
    const [fee] = (await a.call('GET', '/api/v1/cancellation-fees', a.ownerToken)).body.data;
    expect(fee).toMatchObject({ status: 'due' });
    const card2 = await a.saveCard(sam.token);
    const today = new Date().toISOString().slice(0, 10);

    ops = [
      { method: 'GET', path: `/api/v1/payments/${paid.body.id}` },
      { method: 'GET', path: `/api/v1/payments/${paid.body.id}/refunds` },
      { method: 'POST', path: `/api/v1/payments/${paid.body.id}/cancel` },
      { method: 'POST', path: `/api/v1/payments/${paid.body.id}/refunds`, body: { destination: 'credit' } },
      { method: 'POST', path: `/api/v1/bookings/${unpaid.id}/pay`, body: { method: 'card' } },
      { method: 'POST', path: `/api/v1/bookings/${unpaid.id}/pay`, body: { method: 'credit' } },
      { method: 'GET', path: `/api/v1/invoices/${invoice.id}` },
      { method: 'GET', path: `/api/v1/invoices/${invoice.id}/pdf` },
      { method: 'GET', path: `/api/v1/students/${sam.id}/credit` },
      {
        method: 'POST',
        path: `/api/v1/students/${sam.id}/credit/adjustments`,
        body: { amountMinor: 100, reason: 'gift' },
      },
      { method: 'PATCH', path: `/api/v1/packages/${pkg.body.id}`, body: { priceMinor: 1 } },
      { method: 'POST', path: `/api/v1/packages/${pkg.body.id}/purchase`, body: { studentId: sam.id } },
      { method: 'GET', path: `/api/v1/payment-plans/${plan.body.id}` },
      { method: 'POST', path: `/api/v1/payment-plans/${plan.body.id}/cancel` },
      { method: 'POST', path: `/api/v1/cancellation-fees/${fee.id}/waive`, body: { reason: 'because' } },
      { method: 'GET', path: `/api/v1/payment-methods?studentId=${sam.id}` },
      { method: 'DELETE', path: `/api/v1/payment-methods/${card2.id}` },
      {
        method: 'POST',
        path: '/api/v1/payments',
        body: { studentId: sam.id, method: 'cash', purpose: 'other', amountMinor: 100, description: 'x' },
      },
      {
        method: 'POST',
        path: '/api/v1/payment-plans',
        body: {
          studentId: sam.id,
          description: 'x',
          instalments: [{ amountMinor: 100, dueAt: new Date(Date.now() + 86_400_000).toISOString() }],
        },
      },
      { method: 'GET', path: `/api/v1/instructors/${a.instructor.id}/earnings?from=${today}&to=${today}` },
      {
        method: 'POST',
        path: '/api/v1/payouts',
        body: { instructorId: a.instructor.id, from: today, to: today },
      },
    ];
  }, 60_000);
  afterAll(() => api.close());

  it('another school’s owner, signed in at their own school, reaches nothing of school A (404) and changes nothing', async () => {
    const before = await fingerprint();
    for (const op of ops) {
      const res = await b.call(op.method, op.path, b.ownerToken, op.body);
      expect(res.status, `${op.method} ${op.path}`).toBe(404);
      expect(res.contentType, `${op.method} ${op.path}`).toContain('application/problem+json');
    }
    expect(await fingerprint()).toEqual(before);
    // Lists and reports at B show B's data only (none).
    for (const path of ['/api/v1/payments', '/api/v1/invoices', '/api/v1/cancellation-fees']) {
      expect((await b.call('GET', path, b.ownerToken)).body.data, path).toEqual([]);
    }
    expect((await b.call('GET', '/api/v1/packages', b.ownerToken)).body.data).toEqual([]);
    expect((await b.call('GET', '/api/v1/reports/outstanding', b.ownerToken)).body.students).toEqual([]);
    const account = await b.call('GET', '/api/v1/payments/account', b.ownerToken);
    expect(account.body).not.toHaveProperty('secretKey');
  });

  it('another student of school A reaches none of Sam’s money (404, or 403 for office-only operations)', async () => {
    const sue = a.students[1];
    const before = await fingerprint();
    for (const op of ops) {
      const res = await a.call(op.method, op.path, sue.token, op.body);
      expect([403, 404], `${op.method} ${op.path} → ${res.status}`).toContain(res.status);
    }
    for (const path of [
      '/api/v1/reports/revenue?from=2026-01-01&to=2026-12-31',
      '/api/v1/reports/outstanding',
      '/api/v1/reports/package-usage',
    ]) {
      expect((await a.call('GET', path, sue.token)).status, path).toBe(403);
    }
    for (const path of ['/api/v1/payments', '/api/v1/invoices', '/api/v1/cancellation-fees']) {
      const own = (await a.call('GET', path, sue.token)).body.data as { studentId: string }[];
      expect(
        own.every((row) => row.studentId === sue.id),
        path,
      ).toBe(true);
    }
    expect(await fingerprint()).toEqual(before);
  });
});
