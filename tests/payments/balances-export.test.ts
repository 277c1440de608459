import type { Tx } from '@dualcontrol/db';
import { creditBalances, outstandingAmounts } from '@dualcontrol/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaymentsSchool,
  createTestApi,
  dispatchPayments,
  type PaymentsSchool,
  type TestApi,
} from './payments-fixture.ts';

// What payments exports for the modules that depend on it (credit balances, what is owed) and the
// events other modules read the same figures from (credit.balance_changed, payment.outstanding_changed).
describe('payments exports: credit balances and outstanding amounts', () => {
  let api: TestApi;
  let a: PaymentsSchool;
  let b: PaymentsSchool;
  let tA: string;
  let tB: string;
  const system = { kind: 'system' } as const;
  const inSchool = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) =>
    api.tdb.db.withTenant(tenantId, system, fn);
  const events = async (type: string, studentId: string) =>
    (
      await api.tdb.owner<{ payload: Record<string, unknown> }[]>`
        select payload from outbox_events where type = ${type} and payload->>'studentId' = ${studentId}
         order by id`
    ).map((e) => e.payload);

  beforeAll(async () => {
    api = await createTestApi();
    a = await createPaymentsSchool(api, 'exporta', { policies: { minimumNoticeHours: 0 } });
    b = await createPaymentsSchool(api, 'exportb');
    tA = a.tenant.id;
    tB = b.tenant.id;
  });
  afterAll(() => api.close());

  const adjust = (s: PaymentsSchool, studentId: string, amountMinor: number, expiresAt?: string) =>
    s.call('POST', `/api/v1/students/${studentId}/credit/adjustments`, s.ownerToken, {
      amountMinor,
      reason: 'prepaid lessons',
      ...(expiresAt ? { expiresAt } : {}),
    });

  it('credit: the balance the ledger spends, per student, with each movement announced', async () => {
    const [sam, sue, sid] = a.students;
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
    expect((await adjust(a, sam.id, 6000)).status).toBe(201);
    expect((await adjust(a, sam.id, 1000, expires)).status).toBe(201);
    // A lesson paid from credit: 45.00 from the lot that expires first (the 10.00), then the 60.00.
    const lesson = await a.book(sam.token);
    expect(
      (await a.call('POST', `/api/v1/bookings/${lesson.id}/pay`, sam.token, { method: 'credit' })).status,
    ).toBe(201);
    expect((await adjust(a, sue.id, 2000)).status).toBe(201);

    const all = await inSchool(tA, (tx) => creditBalances(tx, tA));
    expect(all.sort((x, y) => x.studentId.localeCompare(y.studentId))).toEqual(
      [
        { studentId: sam.id, balanceMinor: 2500, currency: 'GBP', nextExpiryAt: null },
        { studentId: sue.id, balanceMinor: 2000, currency: 'GBP', nextExpiryAt: null },
      ].sort((x, y) => x.studentId.localeCompare(y.studentId)),
    );
    // The same figure the student's own credit page shows.
    expect((await a.credit(sam.id)).balanceMinor).toBe(2500);
    // Only the students asked for; one who never had credit is not listed; none asked, none read.
    expect(await inSchool(tA, (tx) => creditBalances(tx, tA, { studentIds: [sue.id, sid.id] }))).toEqual([
      { studentId: sue.id, balanceMinor: 2000, currency: 'GBP', nextExpiryAt: null },
    ]);
    expect(await inSchool(tA, (tx) => creditBalances(tx, tA, { studentIds: [] }))).toEqual([]);
    // Credit past its date no longer counts, recorded or not.
    const later = new Date(Date.now() + 60 * 86_400_000);
    expect((await adjust(a, sid.id, 3000, expires)).status).toBe(201);
    const [sidNow] = await inSchool(tA, (tx) => creditBalances(tx, tA, { studentIds: [sid.id] }));
    expect(sidNow).toMatchObject({ balanceMinor: 3000, nextExpiryAt: new Date(expires).toISOString() });
    expect(await inSchool(tA, (tx) => creditBalances(tx, tA, { studentIds: [sid.id], now: later }))).toEqual([
      { studentId: sid.id, balanceMinor: 0, currency: 'GBP', nextExpiryAt: null },
    ]);

    expect(
      (await events('credit.balance_changed', sam.id)).map((e) => [e.kind, e.previousMinor, e.balanceMinor]),
    ).toEqual([
      ['adjustment', 0, 6000],
      ['adjustment', 6000, 7000],
      ['use', 7000, 2500],
    ]);
  });

  it('outstanding: a late-cancellation fee left due counts until it is waived, announced both ways', async () => {
    const [, , sid] = a.students;
    const before = await inSchool(tA, (tx) => outstandingAmounts(tx, tA, { studentIds: [sid.id] }));
    expect(before).toEqual([]);
    // Sid's credit taken back, and no saved card: a late cancellation's fee is left due.
    await adjust(a, sid.id, -3000);
    const soon = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 900_000) * 900_000);
    const lesson = await a.book(sid.token, { start: soon.toISOString().replace('.000Z', 'Z') });
    expect((await a.call('POST', `/api/v1/bookings/${lesson.id}/cancel`, sid.token, {})).status).toBe(200);
    await dispatchPayments(api);
    const [fee] = await api.tdb.owner<{ id: string; amount_minor: number; status: string }[]>`
      select id, amount_minor, status from cancellation_fees where booking_id = ${lesson.id}`;
    expect(fee).toMatchObject({ status: 'due' });
    const owed = await inSchool(tA, (tx) => outstandingAmounts(tx, tA));
    expect(owed).toEqual([
      {
        studentId: sid.id,
        dueFeesMinor: fee!.amount_minor,
        overdueInstalmentsMinor: 0,
        totalMinor: fee!.amount_minor,
        currency: 'GBP',
      },
    ]);
    // The same figure the finances page shows.
    const report = await a.call('GET', '/api/v1/reports/outstanding', a.ownerToken);
    expect(report.body.totalMinor).toBe(fee!.amount_minor);

    expect(
      (
        await a.call('POST', `/api/v1/cancellation-fees/${fee!.id}/waive`, a.ownerToken, {
          reason: 'first time',
        })
      ).status,
    ).toBe(200);
    expect(await inSchool(tA, (tx) => outstandingAmounts(tx, tA))).toEqual([]);
    expect(
      (await events('payment.outstanding_changed', sid.id)).map((e) => [e.changeMinor, e.outstandingMinor]),
    ).toEqual([
      [fee!.amount_minor, fee!.amount_minor],
      [-fee!.amount_minor, 0],
    ]);
  });

  it('another school reads none of it: not through its own tenant, not by naming A’s students', async () => {
    const samA = a.students[0].id;
    expect((await adjust(b, b.students[0].id, 500)).status).toBe(201);
    expect(await inSchool(tB, (tx) => creditBalances(tx, tB, { studentIds: [samA] }))).toEqual([]);
    expect((await inSchool(tB, (tx) => creditBalances(tx, tB))).map((c) => c.studentId)).toEqual([
      b.students[0].id,
    ]);
    // Even asking for school A's tenant id inside B's transaction: row-level security shows nothing.
    expect(await inSchool(tB, (tx) => creditBalances(tx, tA))).toEqual([]);
    expect(await inSchool(tB, (tx) => outstandingAmounts(tx, tA))).toEqual([]);
    // And the routes behind the same figures: B's owner and A's other student cannot read Sam's credit.
    expect((await b.call('GET', `/api/v1/students/${samA}/credit`, b.ownerToken)).status).toBe(404);
    expect((await a.call('GET', `/api/v1/students/${samA}/credit`, a.students[1].token)).status).toBe(404);
    expect((await a.call('GET', '/api/v1/reports/outstanding', a.students[1].token)).status).toBe(403);
  });
});
