import { randomUUID } from 'node:crypto';
import { analyticsSubscriptions, rebuildSchoolFacts } from '@dualcontrol/analytics';
import { lessonsEvents } from '@dualcontrol/lessons';
import { outstandingAmounts, paymentsEvents, paymentsModule } from '@dualcontrol/payments';
import { createOutboxDispatcher } from '@dualcontrol/platform';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLessonsSchool,
  createTestApi,
  type LessonsSchool,
  type TestApi,
} from '../lessons/lessons-fixture.ts';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import {
  analyticsDeps,
  crmTestEvents,
  dispatchAnalytics,
  emit,
  factRows,
  tenantIdOf,
} from './analytics-fixture.ts';

/**
 * Analytics and payments' own handlers through one dispatcher (as the worker runs them): payments
 * settles a late cancellation's fee, and analytics records both the cancellation and the fee.
 */
function dispatchPaymentsAndAnalytics(api: TestApi) {
  const deps = analyticsDeps(api);
  const handlers = [
    ...paymentsModule.subscriptions!(deps).map((h) => ({ ...h, moduleId: 'payments' })),
    ...analyticsSubscriptions(deps).map((h) => ({ ...h, moduleId: 'analytics' })),
  ];
  return createOutboxDispatcher({
    platformDb: api.tdb.platformDb,
    db: api.tdb.db,
    handlers,
    log: deps.log,
  }).drain();
}

const ZERO = {
  lessons_taught: 0,
  minutes_taught: 0,
  cancellations: 0,
  late_cancellations: 0,
  no_shows: 0,
};
const SCHOOL_ZERO = {
  ...ZERO,
  revenue_minor: 0,
  refunded_minor: 0,
  new_enquiries: 0,
  tests_taken: 0,
  tests_passed: 0,
  first_tests_taken: 0,
  first_tests_passed: 0,
  pass_lessons: 0,
  pass_minutes: 0,
  outstanding_change_minor: 0,
};

describe('daily facts', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  }, 60_000);
  afterAll(() => api?.close());

  // Hand-computed: a London school over the week the clocks go forward (Sunday 29 March 2026, 01:00
  // UTC), with lessons, money and an enquiry either side of local midnight.
  it('count each fact on the school’s calendar day, across midnight and the daylight-saving change', async () => {
    await api.createSchool('factz', { timezone: 'Europe/London' });
    const t = await tenantIdOf(api, 'factz');
    const [i1, i2, s1, s2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const lesson = (
      type: 'booking.completed' | 'booking.cancelled' | 'booking.no_show',
      instructorId: string,
      studentId: string,
      start: string,
      end: string,
      at: string,
    ) =>
      emit(
        api,
        t,
        schedulingEvents[type],
        {
          bookingId: randomUUID(),
          instructorId,
          studentId,
          start,
          end,
          status:
            type === 'booking.completed' ? 'completed' : type === 'booking.no_show' ? 'no_show' : 'cancelled',
          previousStatus: 'confirmed',
        },
        at,
      );
    const faults = { drivingFaults: 4, seriousFaults: 0, dangerousFaults: 0 };
    const test = (
      type: 'test.passed' | 'test.failed',
      studentId: string,
      testOn: string,
      kind: 'practical' | 'theory' = 'practical',
    ) =>
      emit(
        api,
        t,
        lessonsEvents[type],
        { testId: randomUUID(), studentId, kind, testOn, ...faults },
        `${testOn}T12:00:00Z`,
      );

    // 23:30 GMT on Saturday the 28th (the UTC and local days agree).
    await lesson(
      'booking.completed',
      i1,
      s1,
      '2026-03-28T23:30:00Z',
      '2026-03-29T00:30:00Z',
      '2026-03-29T01:00:00Z',
    );
    // 00:30 BST on Monday the 30th is 23:30 UTC on the 29th: it counts on the 30th. 90 minutes.
    await lesson(
      'booking.completed',
      i1,
      s1,
      '2026-03-29T23:30:00Z',
      '2026-03-30T01:00:00Z',
      '2026-03-30T02:00:00Z',
    );
    // Cancelled 21 hours ahead (late, under 24 h) and 72 hours ahead (not late).
    await lesson(
      'booking.cancelled',
      i2,
      s2,
      '2026-03-30T09:00:00Z',
      '2026-03-30T10:00:00Z',
      '2026-03-29T12:00:00Z',
    );
    await lesson(
      'booking.cancelled',
      i2,
      s2,
      '2026-04-02T09:00:00Z',
      '2026-04-02T10:00:00Z',
      '2026-03-30T09:00:00Z',
    );
    await lesson(
      'booking.no_show',
      i2,
      s1,
      '2026-03-30T10:00:00Z',
      '2026-03-30T11:00:00Z',
      '2026-03-30T11:05:00Z',
    );
    // 00:15 BST on the 31st (23:15 UTC on the 30th): the 31st's money.
    await emit(
      api,
      t,
      paymentsEvents['payment.succeeded'],
      {
        paymentId: randomUUID(),
        studentId: s1,
        purpose: 'other',
        method: 'cash',
        amountMinor: 4500,
        currency: 'GBP',
      },
      '2026-03-30T23:15:00Z',
    );
    // A lesson paid from credit the same day is not money received (its package was): not revenue.
    await emit(
      api,
      t,
      paymentsEvents['payment.succeeded'],
      {
        paymentId: randomUUID(),
        studentId: s1,
        purpose: 'booking',
        method: 'credit',
        amountMinor: 4000,
        currency: 'GBP',
      },
      '2026-03-31T09:00:00Z',
    );
    await emit(
      api,
      t,
      paymentsEvents['payment.refunded'],
      {
        paymentId: randomUUID(),
        studentId: s1,
        refundId: randomUUID(),
        amountMinor: 1500,
        currency: 'GBP',
        destination: 'original',
      },
      '2026-03-31T10:00:00Z',
    );
    // What students owe: 30.00 at 23:30 GMT on the 28th (before the clocks change: the 28th);
    // 10.00 of it paid at 00:30 BST on the 31st (23:30 UTC on the 30th: the 31st).
    for (const [changeMinor, at] of [
      [3000, '2026-03-28T23:30:00Z'],
      [-1000, '2026-03-30T23:30:00Z'],
    ] as const)
      await emit(
        api,
        t,
        paymentsEvents['payment.outstanding_changed'],
        { studentId: s1, changeMinor, outstandingMinor: 0, currency: 'GBP' },
        at,
      );
    // 23:59 BST on the 30th.
    await emit(
      api,
      t,
      crmTestEvents['crm.contact_created'],
      { contactId: randomUUID() },
      '2026-03-30T22:59:00Z',
    );
    // s1 fails then passes (after 2 lessons, 150 minutes); s2 passes first time with no lessons
    // here; a theory test is not a practical one.
    await test('test.failed', s1, '2026-03-31');
    await test('test.passed', s1, '2026-04-15');
    await test('test.passed', s2, '2026-04-15');
    await test('test.passed', s2, '2026-03-20', 'theory');
    await dispatchAnalytics(api);

    const expected = {
      school: [
        {
          day: '2026-03-28',
          ...SCHOOL_ZERO,
          lessons_taught: 1,
          minutes_taught: 60,
          outstanding_change_minor: 3000,
        },
        {
          day: '2026-03-30',
          ...SCHOOL_ZERO,
          lessons_taught: 1,
          minutes_taught: 90,
          cancellations: 1,
          late_cancellations: 1,
          no_shows: 1,
          new_enquiries: 1,
        },
        {
          day: '2026-03-31',
          ...SCHOOL_ZERO,
          revenue_minor: 4500,
          refunded_minor: 1500,
          tests_taken: 1,
          first_tests_taken: 1,
          outstanding_change_minor: -1000,
        },
        { day: '2026-04-02', ...SCHOOL_ZERO, cancellations: 1 },
        {
          day: '2026-04-15',
          ...SCHOOL_ZERO,
          tests_taken: 2,
          tests_passed: 2,
          first_tests_taken: 1,
          first_tests_passed: 1,
          pass_lessons: 2,
          pass_minutes: 150,
        },
      ].map((r) => ({ tenant_id: t, ...r })),
      instructors: [
        { instructor_id: i1, day: '2026-03-28', ...ZERO, lessons_taught: 1, minutes_taught: 60 },
        { instructor_id: i1, day: '2026-03-30', ...ZERO, lessons_taught: 1, minutes_taught: 90 },
        {
          instructor_id: i2,
          day: '2026-03-30',
          ...ZERO,
          cancellations: 1,
          late_cancellations: 1,
          no_shows: 1,
        },
        { instructor_id: i2, day: '2026-04-02', ...ZERO, cancellations: 1 },
      ]
        .sort((x, y) => (x.instructor_id + x.day < y.instructor_id + y.day ? -1 : 1))
        .map((r) => ({ tenant_id: t, ...r })),
    };
    const incremental = await factRows(api, t);
    expect(incremental).toEqual(expected);
    const result = await rebuildSchoolFacts(api.tdb.db, t);
    expect(result).toMatchObject({ skipped: false, schoolDays: 5, instructorDays: 4 });
    expect(await factRows(api, t)).toEqual(expected);

    // The school's late-cancellation threshold is a setting: at 12 hours, 21 hours' notice is not late.
    await api.tdb.owner`update tenant_modules set settings = '{"lateCancellationHours": 12}'
                         where tenant_id = ${t} and module_id = 'analytics'`;
    await rebuildSchoolFacts(api.tdb.db, t);
    const [day30] = await api.tdb.owner<{ late: number }[]>`
      select late_cancellations as late from analytics_school_days where tenant_id = ${t} and day = '2026-03-30'`;
    expect(day30!.late).toBe(0);
  });

  // Through the product's own API: lessons taught and missed, cancellations, money, tests.
  it('rebuilt from scratch equal the incremental result, row for row', async () => {
    const s: LessonsSchool = await createLessonsSchool(api, 'factr', { timezone: 'America/Chicago' });
    const t = await tenantIdOf(api, 'factr');
    const [sam, sue, sid] = s.students;
    for (const [student, daysAgo] of [
      [sam, 9],
      [sam, 6],
      [sue, 5],
      [sam, 3],
      [sid, 2],
    ] as const)
      await s.teach(student!, { daysAgo, ...(student === sue ? { instructor: s.otherInstructor } : {}) });
    await s.teach(sue!, { daysAgo: 1, minutes: 90 });
    // A no-show: booked ahead, confirmed, moved into the past, marked.
    const missed = await s.expectOk(
      s.call('POST', '/api/v1/bookings', s.ownerToken, {
        instructorId: s.instructor.id,
        studentId: sid!.id,
        start: startAhead(s.timezone, 6, '08:00'),
        durationMinutes: 60,
      }),
      201,
      'book',
    );
    await s.expectOk(
      s.call('POST', `/api/v1/bookings/${missed.id}/confirm`, s.instructor.token),
      200,
      'confirm',
    );
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '4 days', ends_at = now() - interval '4 days' + interval '1 hour' where id = ${missed.id}`;
    await s.expectOk(
      s.call('POST', `/api/v1/bookings/${missed.id}/no-show`, s.instructor.token),
      200,
      'no-show',
    );
    // Cancellations by the office: one early, one late (a booking 2 hours ahead); no fee for them.
    const soon = (hours: number) =>
      new Date(Math.ceil((Date.now() + hours * 3_600_000) / 900_000) * 900_000)
        .toISOString()
        .replace('.000Z', 'Z');
    for (const start of [startAhead(s.timezone, 8, '09:00'), soon(2)]) {
      const b = await s.expectOk(
        s.call('POST', '/api/v1/bookings', s.ownerToken, {
          instructorId: s.otherInstructor.id,
          studentId: sue!.id,
          start,
          durationMinutes: 60,
        }),
        201,
        'book',
      );
      await s.expectOk(s.call('POST', `/api/v1/bookings/${b.id}/cancel`, s.ownerToken, {}), 200, 'cancel');
    }
    // Sid cancels two confirmed priced lessons himself, 3 and 4 hours ahead: a late fee for each.
    for (const start of [soon(3), soon(4)]) {
      const b = await s.expectOk(
        s.call('POST', '/api/v1/bookings', sid!.token, {
          instructorId: s.otherInstructor.id,
          start,
          durationMinutes: 60,
          lessonTypeId: s.lessonTypeId,
        }),
        201,
        'book',
      );
      await s.expectOk(
        s.call('POST', `/api/v1/bookings/${b.id}/confirm`, s.otherInstructor.token),
        200,
        'confirm',
      );
      await s.expectOk(s.call('POST', `/api/v1/bookings/${b.id}/cancel`, sid!.token, {}), 200, 'cancel');
    }
    for (const amountMinor of [4500, 9000])
      await s.expectOk(
        s.call('POST', '/api/v1/payments', s.ownerToken, {
          studentId: sam!.id,
          method: 'bank_transfer',
          purpose: 'other',
          amountMinor,
          description: 'Lessons',
        }),
        201,
        'payment',
      );
    // Sam: theory passed, a practical failed, then passed.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const test = async (kind: string, testOn: string, result: 'passed' | 'failed') => {
      const booked = await s.expectOk(
        s.call('POST', `/api/v1/students/${sam!.id}/tests`, s.ownerToken, { kind, testOn }),
        201,
        'book test',
      );
      await s.expectOk(
        s.call('POST', `/api/v1/tests/${booked.id}/result`, s.ownerToken, { result }),
        200,
        'result',
      );
    };
    await test('theory', day(-30), 'passed');
    await test('practical', day(-4), 'failed');
    await test('practical', day(-1), 'passed');
    await dispatchPaymentsAndAnalytics(api);
    // Both of Sid's fees are left due (no credit, no saved card); the office waives the first, so
    // what is owed is the second.
    const fees = await api.tdb.owner<
      { id: string; student_id: string; amount_minor: number; currency: string }[]
    >`
      select id, student_id, amount_minor, currency from cancellation_fees
       where tenant_id = ${t} and status = 'due' order by created_at, id`;
    expect(fees.map((f) => f.student_id)).toEqual([sid!.id, sid!.id]);
    const [waived, fee] = fees;
    await s.expectOk(
      s.call('POST', `/api/v1/cancellation-fees/${waived!.id}/waive`, s.ownerToken, { reason: 'first time' }),
      200,
      'waive',
    );
    await dispatchPaymentsAndAnalytics(api);

    const incremental = await factRows(api, t);
    const totals = incremental.school.reduce<Record<string, number>>((sum, r) => {
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v;
      return sum;
    }, {});
    expect(totals).toMatchObject({
      lessons_taught: 6,
      minutes_taught: 6 * 60 + 30,
      no_shows: 1,
      cancellations: 4,
      late_cancellations: 3,
      revenue_minor: 13_500,
      tests_taken: 2,
      tests_passed: 1,
      first_tests_taken: 1,
      first_tests_passed: 0,
      // Sam's lessons on or before the day of the pass.
      pass_lessons: 3,
      pass_minutes: 180,
      // What students owe: the one fee left due, exactly what payments' own export says.
      outstanding_change_minor: fee!.amount_minor,
    });
    const owed = await api.tdb.db.withTenant(t, { kind: 'system' }, (tx) => outstandingAmounts(tx, t));
    expect(owed).toEqual([
      {
        studentId: sid!.id,
        dueFeesMinor: fee!.amount_minor,
        overdueInstalmentsMinor: 0,
        totalMinor: fee!.amount_minor,
        currency: fee!.currency,
      },
    ]);
    await rebuildSchoolFacts(api.tdb.db, t);
    expect(await factRows(api, t)).toEqual(incremental);
  });

  // A group session names its lead as `studentId`; `seatStudentIds` lists everyone who attended.
  it('a group session counts for every seat holder who attended: lessons to pass and cohorts', async () => {
    const school = await api.createSchool('factg', { timezone: 'Europe/London' });
    const t = await tenantIdOf(api, 'factg');
    const [i1, lead, seat, missed, solo] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const taught = (start: string, studentId: string, seatStudentIds?: string[]) =>
      emit(
        api,
        t,
        schedulingEvents['booking.completed'],
        {
          bookingId: randomUUID(),
          instructorId: i1,
          studentId,
          start,
          end: new Date(Date.parse(start) + 3_600_000).toISOString(),
          status: 'completed',
          previousStatus: 'in_progress',
          ...(seatStudentIds ? { seatStudentIds } : {}),
        },
        start,
      );
    // A session for the lead and a second seat (a third seat was a no-show: not listed), then a
    // one-to-one lesson for someone else.
    await taught('2026-05-04T09:00:00Z', lead, [lead, seat]);
    await taught('2026-05-05T09:00:00Z', solo);
    for (const [studentId, testOn] of [
      [seat, '2026-05-10'],
      [missed, '2026-05-10'],
    ] as const)
      await emit(
        api,
        t,
        lessonsEvents['test.passed'],
        {
          testId: randomUUID(),
          studentId,
          kind: 'practical',
          testOn,
          drivingFaults: 1,
          seriousFaults: 0,
          dangerousFaults: 0,
        },
        `${testOn}T12:00:00Z`,
      );
    await dispatchAnalytics(api);
    const facts = await factRows(api, t);
    // The session is one lesson taught (the instructor taught once); the seat holder's pass counts it.
    expect(facts.school.find((r) => r.day === '2026-05-04')).toMatchObject({
      lessons_taught: 1,
      minutes_taught: 60,
    });
    expect(facts.school.find((r) => r.day === '2026-05-10')).toMatchObject({
      tests_passed: 2,
      pass_lessons: 1,
      pass_minutes: 60,
    });
    await rebuildSchoolFacts(api.tdb.db, t);
    expect(await factRows(api, t)).toEqual(facts);
    // Cohorts: the lead, the seat holder and the one-to-one student started in May; not the no-show.
    const cohorts = await api.call(
      'GET',
      '/api/v1/analytics/reports/cohort-retention?from=2026-05-01&to=2026-05-31',
      {
        tenant: 'factg',
        token: school.ownerToken,
      },
    );
    expect(cohorts.status).toBe(200);
    expect(cohorts.body.rows[0]).toMatchObject({ cohort: '2026-05', students: 3, month0: 100 });
  });
});
