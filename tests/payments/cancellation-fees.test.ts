import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import {
  allPaymentIntents,
  createPaymentsSchool,
  createTestApi,
  dispatchPayments,
  type PaymentsSchool,
  stripeEnv,
  type TestApi,
} from './payments-fixture.ts';

// The default tiers: cancelled 48 h or more ahead → free; 24–48 h → 50 %; under 24 h → 100 %.
describe('cancellation fees', () => {
  let api: TestApi;
  let s: PaymentsSchool;
  beforeAll(async () => {
    api = await createTestApi({ env: stripeEnv() });
    s = await createPaymentsSchool(api, 'feeschool', { stripe: true });
  });
  afterAll(() => api.close());

  const cancel = async (bookingId: string, token: string) => {
    const res = await s.call('POST', `/api/v1/bookings/${bookingId}/cancel`, token, {
      reason: 'cannot make it',
    });
    expect(res.status).toBe(200);
    await dispatchPayments(api);
    return res.body as { cancellationFeeMinor: number };
  };
  // This school's intents only: another file's charge must not change the count.
  const intentsHere = async () =>
    (await allPaymentIntents()).filter((pi) => pi.metadata?.tenantId === s.tenant.id).length;
  const feeOf = async (bookingId: string) =>
    (await s.call('GET', '/api/v1/cancellation-fees', s.ownerToken)).body.data.find(
      (f: { bookingId: string }) => f.bookingId === bookingId,
    );

  it('prepaid and cancelled 30 h ahead: half is kept as the fee, the rest goes back as credit', async () => {
    const student = s.students[0];
    await s.saveCard(student.token);
    const lesson = await s.book(student.token, { start: gridStartIn(30) });
    const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, { method: 'card' });
    expect(paid.body.status).toBe('succeeded');
    expect((await cancel(lesson.id, student.token)).cancellationFeeMinor).toBe(2250);
    expect(await feeOf(lesson.id)).toMatchObject({
      amountMinor: 2250,
      status: 'paid',
      paymentId: paid.body.id,
    });
    const credit = await s.credit(student.id);
    expect(credit.entries).toMatchObject([{ kind: 'refund', amountMinor: 2250 }]);
    // A redelivered event changes nothing.
    await api.tdb.owner`delete from outbox_deliveries where handler = 'payments.settle-cancellation'`;
    await api.tdb.owner`update outbox_events set dispatched_at = null where type = 'booking.cancelled'`;
    await dispatchPayments(api);
    expect((await s.credit(student.id)).balanceMinor).toBe(2250);
  });

  it('unpaid and cancelled 5 h ahead: the full fee is charged to the saved card', async () => {
    const student = s.students[0];
    const lesson = await s.book(student.token, { start: gridStartIn(5) });
    const before = await intentsHere();
    // Credit from the first test (2250) does not cover 4500, so the card pays.
    expect((await cancel(lesson.id, student.token)).cancellationFeeMinor).toBe(4500);
    const fee = await feeOf(lesson.id);
    expect(fee).toMatchObject({ amountMinor: 4500, status: 'paid' });
    const charge = await s.call('GET', `/api/v1/payments/${fee.paymentId}`, s.ownerToken);
    expect(charge.body).toMatchObject({ purpose: 'cancellation_fee', method: 'card', status: 'succeeded' });
    expect(await intentsHere()).toBe(before + 1);
  });

  it('unpaid and cancelled 30 h ahead with enough credit: the fee is taken from credit', async () => {
    const student = s.students[1];
    await s.call('POST', `/api/v1/students/${student.id}/credit/adjustments`, s.ownerToken, {
      amountMinor: 3000,
      reason: 'referral bonus',
    });
    const lesson = await s.book(student.token, { start: gridStartIn(31) });
    await cancel(lesson.id, student.token);
    expect(await feeOf(lesson.id)).toMatchObject({ amountMinor: 2250, status: 'credited' });
    expect((await s.credit(student.id)).balanceMinor).toBe(750);
  });

  it('cancelled 3 days ahead is free; a prepaid one is refunded in full', async () => {
    const student = s.students[1];
    const lesson = await s.book(student.token, { start: gridStartIn(72) });
    await s.call('POST', `/api/v1/students/${student.id}/credit/adjustments`, s.ownerToken, {
      amountMinor: 3750,
      reason: 'top up',
    });
    await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, { method: 'credit' });
    expect((await s.credit(student.id)).balanceMinor).toBe(0);
    expect((await cancel(lesson.id, student.token)).cancellationFeeMinor).toBe(0);
    expect(await feeOf(lesson.id)).toBeUndefined();
    expect((await s.credit(student.id)).balanceMinor).toBe(4500);
  });

  it('with no way to pay, the fee stays due (outstanding) until an admin waives it, on record', async () => {
    const student = s.students[2];
    const lesson = await s.book(student.token, { start: gridStartIn(6) });
    await cancel(lesson.id, student.token);
    const fee = await feeOf(lesson.id);
    expect(fee).toMatchObject({ amountMinor: 4500, status: 'due' });
    const own = await s.call('GET', '/api/v1/cancellation-fees', student.token);
    expect(own.body.data.map((f: { id: string }) => f.id)).toEqual([fee.id]);
    const byStudent = await s.call('POST', `/api/v1/cancellation-fees/${fee.id}/waive`, student.token, {
      reason: 'please',
    });
    expect(byStudent.status).toBe(403);
    const waived = await s.call('POST', `/api/v1/cancellation-fees/${fee.id}/waive`, s.ownerToken, {
      reason: 'family emergency',
    });
    expect(waived.status).toBe(200);
    expect(waived.body).toMatchObject({ status: 'waived', waiveReason: 'family emergency' });
    expect(waived.body.waivedBy).toMatch(/^[0-9a-f-]{36}$/);
    expect(waived.body.waivedAt).not.toBeNull();
  });

  it('staff cancelling a lesson charge no fee', async () => {
    const student = s.students[2];
    const lesson = await s.book(student.token, { start: gridStartIn(4) });
    expect((await cancel(lesson.id, s.ownerToken)).cancellationFeeMinor).toBe(0);
    expect(await feeOf(lesson.id)).toBeUndefined();
  });
});
