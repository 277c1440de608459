import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupSchool, type GroupSchool } from '../scheduling/group-fixture.ts';
import { gridStartIn } from '../scheduling/scheduling-fixture.ts';
import { createTestApi, dispatchPayments, type TestApi } from './payments-fixture.ts';

/**
 * A group session is paid seat by seat: each participant pays (or not) for their own seat, from a
 * package's credit, by hand at the office, or later; a seat given up is settled on its own under
 * the school's tiers (default: 48 h+ free, 24–48 h half, under 24 h all).
 */
describe('group session payments, per seat', () => {
  let api: TestApi;
  let s: GroupSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createGroupSchool(api, 'groupmoney', {
      capacity: 4,
      policies: { studentMaxPerDay: 20, studentMaxPerWeek: 100 },
    });
  });
  afterAll(() => api.close());

  const sam = () => s.students[0];
  const sue = () => s.students[1];
  const sid = () => s.students[2];
  const credit = async (studentId: string) =>
    (await s.call('GET', `/api/v1/students/${studentId}/credit`, s.ownerToken)).body as {
      balanceMinor: number;
      entries: { kind: string; amountMinor: number }[];
    };
  /** Tops the student's credit up to `amountMinor` (when it is below). */
  const topUp = async (studentId: string, amountMinor: number) => {
    const missing = amountMinor - (await credit(studentId)).balanceMinor;
    if (missing <= 0) return;
    const res = await s.call('POST', `/api/v1/students/${studentId}/credit/adjustments`, s.ownerToken, {
      amountMinor: missing,
      reason: 'test top up',
    });
    expect(res.status).toBe(201);
  };
  const seatPayments = async (bookingId: string) =>
    (await s.call('GET', `/api/v1/payments?bookingId=${bookingId}`, s.ownerToken)).body.data as {
      studentId: string;
      method: string;
      status: string;
      amountMinor: number;
      purpose: string;
    }[];
  const fees = async (bookingId: string) =>
    (
      (await s.call('GET', '/api/v1/cancellation-fees', s.ownerToken)).body.data as {
        bookingId: string;
        studentId: string;
        amountMinor: number;
        status: string;
      }[]
    ).filter((f) => f.bookingId === bookingId);

  /** A session 30 h ahead (a seat given up by its student costs half), confirmed, with three seats. */
  let sessions = 0;
  async function fullSession() {
    const session = await s.open(sam(), gridStartIn(30 + 2 * sessions++));
    for (const who of [sue(), sid()]) expect((await s.take(session.id, who.token)).status).toBe(201);
    expect((await s.call('POST', `/api/v1/bookings/${session.id}/confirm`, s.instructor.token)).status).toBe(
      200,
    );
    return session;
  }

  it('each seat is paid on its own: a package’s credit, cash at the office, or later', async () => {
    const session = await fullSession();
    // Sam bought a package: its credit pays his seat.
    const pkg = await s.call('POST', '/api/v1/packages', s.ownerToken, {
      name: 'Group pack',
      priceMinor: 5000,
      creditMinor: 6000,
      validityDays: 365,
    });
    expect(pkg.status).toBe(201);
    const bought = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: sam().id,
      method: 'cash',
      purpose: 'package',
      packageId: pkg.body.id,
    });
    expect(bought.body.status).toBe('succeeded');
    const samPays = await s.call('POST', `/api/v1/bookings/${session.id}/pay`, sam().token, {
      method: 'credit',
    });
    expect(samPays.status).toBe(201);
    expect(samPays.body).toMatchObject({ studentId: sam().id, amountMinor: 3000, status: 'succeeded' });
    expect((await credit(sam().id)).balanceMinor).toBe(3000);
    // Paying his seat again is refused; Sue's seat is still hers to pay.
    const twice = await s.call('POST', `/api/v1/bookings/${session.id}/pay`, sam().token, {
      method: 'credit',
    });
    expect(twice.status).toBe(409);
    // Sue pays cash at the office, for her seat.
    const cash = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: sue().id,
      method: 'cash',
      purpose: 'booking',
      bookingId: session.id,
    });
    expect(cash.status).toBe(201);
    expect(cash.body).toMatchObject({ studentId: sue().id, amountMinor: 3000, status: 'succeeded' });
    // Sid pays later: nothing is taken from him now.
    const paid = (await seatPayments(session.id)).filter((p) => p.purpose === 'booking');
    expect(paid.map((p) => [p.studentId, p.method, p.amountMinor]).sort()).toEqual(
      [
        [sam().id, 'credit', 3000],
        [sue().id, 'cash', 3000],
      ].sort(),
    );
    // The office must say whose seat it takes money for.
    const whose = await s.call('POST', `/api/v1/bookings/${session.id}/pay`, s.ownerToken, {
      method: 'credit',
    });
    expect(whose.status).toBe(400);
    expect(whose.body.code).toBe('payments.seat_required');
  });

  it('a student cannot pay for, or see the seat of, another; a student with no seat finds nothing to pay', async () => {
    const session = await fullSession();
    await topUp(sue().id, 3000);
    const forSam = await s.call('POST', `/api/v1/bookings/${session.id}/pay`, sue().token, {
      method: 'credit',
      studentId: sam().id,
    });
    expect(forSam.status).toBe(404);
    const outsider = await api.addPerson('groupmoney', s.ownerToken, 'students', 'Seatless Sara');
    const none = await s.call('POST', `/api/v1/bookings/${session.id}/pay`, outsider.token, {
      method: 'credit',
    });
    expect(none.status).toBe(404);
    expect((await credit(sue().id)).balanceMinor).toBe(3000);
    expect(await seatPayments(session.id)).toEqual([]);
  });

  it('seats given up are settled one by one under the tiers: refund less the fee, free when the instructor lets go, a fee due when unpaid', async () => {
    const session = await fullSession();
    await topUp(sam().id, 3000);
    await topUp(sue().id, 3000);
    for (const who of [sam(), sue()]) {
      const r = await s.call('POST', `/api/v1/bookings/${session.id}/pay`, who.token, { method: 'credit' });
      expect(r.status).toBe(201);
    }
    expect((await credit(sam().id)).balanceMinor).toBe(0);

    // Sam gives his seat up 30 h ahead: half of his seat is kept, the rest comes back as credit.
    expect((await s.leave(session.id, sam().id, sam().token)).status).toBe(200);
    // The instructor lets Sue go: free, her seat is refunded in full.
    expect((await s.leave(session.id, sue().id, s.instructor.token)).status).toBe(200);
    // Sid, unpaid and with no credit or card, gives his up: his fee stays due.
    expect((await s.leave(session.id, sid().id, sid().token)).status).toBe(200);
    await dispatchPayments(api);

    expect((await credit(sam().id)).balanceMinor).toBe(1500);
    expect((await credit(sue().id)).balanceMinor).toBe(3000);
    expect((await credit(sid().id)).balanceMinor).toBe(0);
    expect((await fees(session.id)).map((f) => [f.studentId, f.amountMinor, f.status]).sort()).toEqual(
      [
        [sam().id, 1500, 'credited'],
        [sid().id, 1500, 'due'],
      ].sort(),
    );
    // The last seat cancelled the session; its booking.cancelled settles nothing more.
    const view = await s.call('GET', `/api/v1/bookings/${session.id}`, s.ownerToken);
    expect(view.body.status).toBe('cancelled');
    // Redelivered events change nothing.
    await api.tdb.owner`delete from outbox_deliveries where handler like 'payments.settle-%'`;
    await api.tdb.owner`update outbox_events set dispatched_at = null
      where type in ('booking.seat_released', 'booking.cancelled') and payload->>'bookingId' = ${session.id}`;
    await dispatchPayments(api);
    expect((await credit(sam().id)).balanceMinor).toBe(1500);
    expect((await credit(sue().id)).balanceMinor).toBe(3000);
    expect(await fees(session.id)).toHaveLength(2);
  });

  it('the office cancelling a whole session refunds every paid seat in full', async () => {
    const session = await fullSession();
    for (const who of [sam(), sue()]) {
      await topUp(who.id, 3000);
      expect(
        (await s.call('POST', `/api/v1/bookings/${session.id}/pay`, who.token, { method: 'credit' })).status,
      ).toBe(201);
    }
    const off = await s.call('POST', `/api/v1/bookings/${session.id}/cancel`, s.ownerToken, {
      reason: 'car off road',
    });
    expect(off.status).toBe(200);
    await dispatchPayments(api);
    expect((await credit(sam().id)).balanceMinor).toBe(3000);
    expect((await credit(sue().id)).balanceMinor).toBe(3000);
    expect(await fees(session.id)).toEqual([]);
  });

  it('earnings for a taught session count every student taught', async () => {
    const session = await fullSession();
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = ${session.id}`;
    const marked = await s.call(
      'POST',
      `/api/v1/bookings/${session.id}/participants/${sid().id}/no-show`,
      s.instructor.token,
    );
    expect(marked.status).toBe(200);
    expect((await s.call('POST', `/api/v1/bookings/${session.id}/complete`, s.instructor.token)).status).toBe(
      200,
    );
    await dispatchPayments(api);
    const [row] = await api.tdb.owner<{ lesson_minor: number }[]>`
      select lesson_minor from earnings_records where booking_id = ${session.id}`;
    expect(row!.lesson_minor).toBe(6000);
  });
});
