import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaymentsSchool,
  createTestApi,
  type PaymentsSchool,
  type TestApi,
} from './payments-fixture.ts';

// The embedded default: no Stripe anywhere. Staff record money taken by hand; credit, packages,
// refunds and invoices all work offline.
describe('payments without Stripe (manual payments, credit, packages, invoices)', () => {
  let api: TestApi;
  let s: PaymentsSchool;
  let other: PaymentsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createPaymentsSchool(api, 'cashschool');
    other = await createPaymentsSchool(api, 'otherschool');
  });
  afterAll(() => api.close());

  const [sam, sue] = [0, 1] as const;

  it('records a cash payment for a lesson: settled at once, with a numbered invoice the student can download', async () => {
    const booking = await s.book(s.students[sam].token);
    const res = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: s.students[sam].id,
      method: 'cash',
      purpose: 'booking',
      bookingId: booking.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'succeeded',
      method: 'cash',
      amountMinor: 4500,
      currency: 'GBP',
    });

    const forLesson = await s.call('GET', `/api/v1/payments?bookingId=${booking.id}`, s.students[sam].token);
    expect(forLesson.body.data.map((p: { id: string }) => p.id)).toEqual([res.body.id]);

    const again = await s.call('POST', `/api/v1/bookings/${booking.id}/pay`, s.students[sam].token, {
      method: 'credit',
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://dualcontrol.app/problems/payments/already_paid');

    const invoices = await s.call('GET', '/api/v1/invoices', s.students[sam].token);
    expect(invoices.status).toBe(200);
    const invoice = invoices.body.data.find((i: { paymentId: string }) => i.paymentId === res.body.id);
    expect(invoice).toMatchObject({ kind: 'invoice', totalMinor: 4500, buyer: { name: 'Sam cashschool' } });
    expect(invoice.displayNumber).toMatch(/^INV-\d{6}$/);

    const pdf = await s.call('GET', `/api/v1/invoices/${invoice.id}/pdf`, s.students[sam].token);
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`${invoice.displayNumber}.pdf`);
    expect(String(pdf.body).startsWith('%PDF-')).toBe(true);
  });

  it('a package bought by bank transfer becomes credit that pays lessons down to zero, and no further', async () => {
    const pkg = await s.call('POST', '/api/v1/packages', s.ownerToken, {
      name: 'Two lessons',
      priceMinor: 8000,
      creditMinor: 9000,
      validityDays: 365,
    });
    expect(pkg.status).toBe(201);
    const bought = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: s.students[sue].id,
      method: 'bank_transfer',
      purpose: 'package',
      packageId: pkg.body.id,
    });
    expect(bought.body).toMatchObject({ status: 'succeeded', amountMinor: 8000 });
    expect((await s.credit(s.students[sue].id)).balanceMinor).toBe(9000);

    for (const expected of [4500, 0]) {
      const lesson = await s.book(s.students[sue].token);
      const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, s.students[sue].token, {
        method: 'credit',
      });
      expect(paid.status).toBe(201);
      expect(paid.body).toMatchObject({ method: 'credit', status: 'succeeded', amountMinor: 4500 });
      expect((await s.credit(s.students[sue].id, s.students[sue].token)).balanceMinor).toBe(expected);
    }

    const third = await s.book(s.students[sue].token);
    const refused = await s.call('POST', `/api/v1/bookings/${third.id}/pay`, s.students[sue].token, {
      method: 'credit',
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ availableMinor: 0, neededMinor: 4500 });
    const payments = await s.call('GET', `/api/v1/payments?studentId=${s.students[sue].id}`, s.ownerToken);
    expect(payments.body.data.filter((p: { bookingId: string }) => p.bookingId === third.id)).toEqual([]);

    const ledger = await s.credit(s.students[sue].id);
    expect(ledger.entries.map((e) => [e.kind, e.amountMinor]).sort()).toEqual(
      [
        ['purchase', 9000],
        ['use', -4500],
        ['use', -4500],
      ].sort(),
    );
    // Paying with credit is not new revenue: only the package purchase was invoiced.
    const invoices = await s.call('GET', `/api/v1/invoices?studentId=${s.students[sue].id}`, s.ownerToken);
    expect(invoices.body.data.map((i: { totalMinor: number }) => i.totalMinor)).toEqual([8000]);
  });

  it('two concurrent spends of the same credit: exactly one succeeds, the balance never goes below zero', async () => {
    const student = s.students[2];
    await s.call('POST', `/api/v1/students/${student.id}/credit/adjustments`, s.ownerToken, {
      amountMinor: 4500,
      reason: 'goodwill: instructor was late',
    });
    const [a, b] = [await s.book(student.token), await s.book(student.token)];
    const results = await Promise.all(
      [a, b].map((lesson) =>
        s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, { method: 'credit' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const credit = await s.credit(student.id);
    expect(credit.balanceMinor).toBe(0);
    expect(credit.entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(0);
  });

  it('refunds part to the original method (credit note) and part to credit, never more than was paid', async () => {
    const paid = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: s.students[sam].id,
      method: 'card_terminal',
      purpose: 'other',
      amountMinor: 10000,
      description: 'Theory test preparation course',
    });
    const cash = await s.call('POST', `/api/v1/payments/${paid.body.id}/refunds`, s.ownerToken, {
      amountMinor: 3000,
      destination: 'original',
      reason: 'course shortened',
    });
    expect(cash.status).toBe(201);
    expect(cash.body).toMatchObject({ status: 'succeeded', amountMinor: 3000, destination: 'original' });
    const before = (await s.credit(s.students[sam].id)).balanceMinor;
    const toCredit = await s.call('POST', `/api/v1/payments/${paid.body.id}/refunds`, s.ownerToken, {
      amountMinor: 2000,
      destination: 'credit',
    });
    expect(toCredit.body).toMatchObject({ status: 'succeeded', destination: 'credit' });
    expect((await s.credit(s.students[sam].id)).balanceMinor).toBe(before + 2000);

    const tooMuch = await s.call('POST', `/api/v1/payments/${paid.body.id}/refunds`, s.ownerToken, {
      amountMinor: 5001,
      destination: 'original',
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ refundableMinor: 5000 });
    const payment = await s.call('GET', `/api/v1/payments/${paid.body.id}`, s.ownerToken);
    expect(payment.body.refundedMinor).toBe(5000);
    const notes = await s.call('GET', `/api/v1/invoices?studentId=${s.students[sam].id}`, s.ownerToken);
    expect(notes.body.data.filter((i: { kind: string }) => i.kind === 'credit_note')).toMatchObject([
      { totalMinor: 3000, refundId: cash.body.id },
    ]);
  });

  it('invoice numbers stay gapless and unique when 24 payments are recorded at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        s.call('POST', '/api/v1/payments', s.ownerToken, {
          studentId: s.students[i % 3]!.id,
          method: 'cash',
          purpose: 'other',
          amountMinor: 100 + i,
          description: `Highway code book ${i}`,
        }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const rows = await api.tdb.owner<{ number: number }[]>`
      select number from invoices where tenant_id = ${s.tenant.id} order by number`;
    const numbers = rows.map((r) => r.number);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    // The other school's numbering is its own.
    const theirs = await api.tdb.owner`select 1 from invoices where tenant_id = ${other.tenant.id}`;
    expect(theirs.length).toBe(0);
  });

  it('answers bad input with problem+json naming the field, and writes nothing', async () => {
    const count = async () =>
      (
        await api.tdb.owner<
          { n: number }[]
        >`select count(*)::int as n from payments where tenant_id = ${s.tenant.id}`
      )[0]!.n;
    const before = await count();
    const cases: [unknown, string][] = [
      [
        {
          studentId: s.students[sam].id,
          method: 'cash',
          purpose: 'other',
          amountMinor: 10.5,
          description: 'x',
        },
        'body.amountMinor',
      ],
      [
        {
          studentId: s.students[sam].id,
          method: 'cheque',
          purpose: 'other',
          amountMinor: 100,
          description: 'x',
        },
        'body.method',
      ],
      [{ studentId: s.students[sam].id, method: 'cash', purpose: 'booking' }, 'body.bookingId'],
      [
        {
          studentId: s.students[sam].id,
          method: 'cash',
          purpose: 'other',
          amountMinor: 100,
          description: 'x',
          tip: 1,
        },
        'body.tip',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await s.call('POST', '/api/v1/payments', s.ownerToken, body);
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const wrongAmount = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: s.students[sam].id,
      method: 'cash',
      purpose: 'booking',
      bookingId: (await s.book(s.students[sam].token)).id,
      amountMinor: 1,
    });
    expect(wrongAmount.status).toBe(400);
    expect(wrongAmount.body.errors[0]).toMatchObject({
      path: 'body.amountMinor',
      message: 'must be 4500 for this booking',
    });
    expect(await count()).toBe(before);
  });

  it('keeps schools and students apart on every payments route', async () => {
    const paid = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: s.students[sam].id,
      method: 'cash',
      purpose: 'other',
      amountMinor: 500,
      description: 'Eyesight check',
    });
    const [invoice] = (await s.call('GET', `/api/v1/invoices?studentId=${s.students[sam].id}`, s.ownerToken))
      .body.data;
    const samBooking = await s.book(s.students[sam].token);

    // Another school's owner, with a valid session, names A's ids on B's host: nothing is there.
    for (const path of [
      `/api/v1/payments/${paid.body.id}`,
      `/api/v1/invoices/${invoice.id}`,
      `/api/v1/invoices/${invoice.id}/pdf`,
      `/api/v1/students/${s.students[sam].id}/credit`,
      `/api/v1/payments/${paid.body.id}/refunds`,
    ]) {
      const res = await other.call('GET', path, other.ownerToken);
      expect(res.status, path).toBe(404);
    }
    const crossRefund = await other.call(
      'POST',
      `/api/v1/payments/${paid.body.id}/refunds`,
      other.ownerToken,
      {
        destination: 'credit',
      },
    );
    expect(crossRefund.status).toBe(404);
    // A's token is not valid at B at all.
    const foreignToken = await other.call('GET', '/api/v1/payments', s.ownerToken);
    expect(foreignToken.status).toBe(401);
    expect((await other.call('GET', '/api/v1/payments', other.ownerToken)).body.data).toEqual([]);

    // Student Sue cannot see or touch Sam's money.
    const sue = s.students[1];
    for (const path of [
      `/api/v1/payments/${paid.body.id}`,
      `/api/v1/invoices/${invoice.id}`,
      `/api/v1/students/${s.students[sam].id}/credit`,
    ]) {
      expect((await s.call('GET', path, sue.token)).status, path).toBe(404);
    }
    const list = await s.call('GET', `/api/v1/payments?studentId=${s.students[sam].id}`, sue.token);
    expect(list.body.data.every((p: { studentId: string }) => p.studentId === sue.id)).toBe(true);
    const payOther = await s.call('POST', `/api/v1/bookings/${samBooking.id}/pay`, sue.token, {
      method: 'credit',
    });
    expect(payOther.status).toBe(404);
    // Staff-only operations refuse students.
    const selfCredit = await s.call('POST', `/api/v1/students/${sue.id}/credit/adjustments`, sue.token, {
      amountMinor: 100000,
      reason: 'free money',
    });
    expect(selfCredit.status).toBe(403);
    const selfRecord = await s.call('POST', '/api/v1/payments', sue.token, {
      studentId: sue.id,
      method: 'cash',
      purpose: 'other',
      amountMinor: 100,
      description: 'x',
    });
    expect(selfRecord.status).toBe(403);
  });

  it('card operations without Stripe say how to take payment instead', async () => {
    const lesson = await s.book(s.students[sam].token);
    const res = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, s.students[sam].token, {
      method: 'card',
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('https://dualcontrol.app/problems/payments/stripe_not_configured');
    const account = await s.call('GET', '/api/v1/payments/account', s.ownerToken);
    expect(account.body).toMatchObject({ configured: false, manualPayments: true });
  });
});
