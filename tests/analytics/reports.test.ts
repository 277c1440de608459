import { randomUUID } from 'node:crypto';
import { lessonsEvents } from '@dualcontrol/lessons';
import { paymentsEvents } from '@dualcontrol/payments';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLessonsSchool,
  createTestApi,
  type LessonsSchool,
  type TestApi,
} from '../lessons/lessons-fixture.ts';
import { crmTestEvents, dispatchAnalytics, emit, tenantIdOf } from './analytics-fixture.ts';

const REPORTS = [
  'utilisation',
  'cancellations',
  'pass-rate',
  'lessons-to-pass',
  'revenue',
  'enquiry-funnel',
  'cohort-retention',
] as const;
const RANGE = 'from=2026-03-28&to=2026-04-30';

// The reports over hand-made histories of two schools (events as their modules emit them), through
// the API as the office, an instructor, a student and the other school.
describe('analytics reports', () => {
  let api: TestApi;
  let a: LessonsSchool;
  let b: LessonsSchool;
  let tA: string;
  let commaName: { id: string; token: string };

  beforeAll(async () => {
    api = await createTestApi();
    a = await createLessonsSchool(api, 'repa');
    b = await createLessonsSchool(api, 'repb');
    tA = await tenantIdOf(api, 'repa');
    const tB = await tenantIdOf(api, 'repb');
    // An instructor whose name needs quoting in CSV, available all day every day like the others.
    commaName = await api.addPerson('repa', a.ownerToken, 'instructors', 'Lee, "Ann" Ray');
    const weekly = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
      day,
      start: '00:00',
      end: '24:00',
    }));
    await a.expectOk(
      a.call('PUT', `/api/v1/instructors/${commaName.id}/availability`, commaName.token, {
        timezone: a.timezone,
        weekly,
      }),
      200,
      'availability',
    );
    const [s1, s2] = a.students;
    const lesson = (
      type: 'booking.completed' | 'booking.cancelled' | 'booking.no_show',
      instructorId: string,
      studentId: string,
      start: string,
      minutes: number,
      at: string,
    ) =>
      emit(
        api,
        tA,
        schedulingEvents[type],
        {
          bookingId: randomUUID(),
          instructorId,
          studentId,
          start,
          end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
          status:
            type === 'booking.completed' ? 'completed' : type === 'booking.no_show' ? 'no_show' : 'cancelled',
          previousStatus: 'confirmed',
        },
        at,
      );
    // March 30th (BST): Ian teaches 90 + 60 minutes, one late cancellation and one no-show for Olga.
    await lesson(
      'booking.completed',
      a.instructor.id,
      s1!.id,
      '2026-03-30T08:00:00Z',
      90,
      '2026-03-30T10:00:00Z',
    );
    await lesson(
      'booking.completed',
      a.instructor.id,
      s2!.id,
      '2026-03-30T12:00:00Z',
      60,
      '2026-03-30T13:00:00Z',
    );
    await lesson(
      'booking.cancelled',
      a.otherInstructor.id,
      s2!.id,
      '2026-03-30T15:00:00Z',
      60,
      '2026-03-30T09:00:00Z',
    );
    await lesson(
      'booking.no_show',
      a.otherInstructor.id,
      s1!.id,
      '2026-03-30T16:00:00Z',
      60,
      '2026-03-30T17:00:00Z',
    );
    // April: one more lesson for s1 (retention month +1), a cash payment and a refund.
    await lesson(
      'booking.completed',
      a.otherInstructor.id,
      s1!.id,
      '2026-04-10T08:00:00Z',
      60,
      '2026-04-10T10:00:00Z',
    );
    await emit(
      api,
      tA,
      paymentsEvents['payment.succeeded'],
      {
        paymentId: randomUUID(),
        studentId: s1!.id,
        purpose: 'other',
        method: 'cash',
        amountMinor: 9000,
        currency: 'GBP',
      },
      '2026-04-01T09:00:00Z',
    );
    await emit(
      api,
      tA,
      paymentsEvents['payment.refunded'],
      {
        paymentId: randomUUID(),
        studentId: s1!.id,
        refundId: randomUUID(),
        amountMinor: 2500,
        currency: 'GBP',
        destination: 'credit',
      },
      '2026-04-02T09:00:00Z',
    );
    // What students owe (payments' outstanding changes): 20.00 from before the range; a fee of
    // 45.00 left due at 23:30 BST on 31 March (March); 20.00 paid at 00:30 BST on 1 April (April);
    // an instalment of 10.00 failed on the 15th.
    for (const [changeMinor, at] of [
      [2000, '2026-03-20T10:00:00Z'],
      [4500, '2026-03-31T22:30:00Z'],
      [-2000, '2026-03-31T23:30:00Z'],
      [1000, '2026-04-15T10:00:00Z'],
    ] as const)
      await emit(
        api,
        tA,
        paymentsEvents['payment.outstanding_changed'],
        { studentId: s2!.id, changeMinor, outstandingMinor: 0, currency: 'GBP' },
        at,
      );
    // Tests: s1 fails then passes, s2 passes first time.
    const faults = { drivingFaults: 2, seriousFaults: 0, dangerousFaults: 0 };
    for (const [type, studentId, testOn] of [
      ['test.failed', s1!.id, '2026-04-03'],
      ['test.passed', s1!.id, '2026-04-20'],
      ['test.passed', s2!.id, '2026-04-21'],
    ] as const)
      await emit(
        api,
        tA,
        lessonsEvents[type],
        { testId: randomUUID(), studentId, kind: 'practical', testOn, ...faults },
        `${testOn}T12:00:00Z`,
      );
    // CRM: three enquiries, two contacted, one trial lesson.
    const contacts = [randomUUID(), randomUUID(), randomUUID()];
    for (const c of contacts)
      await emit(api, tA, crmTestEvents['crm.contact_created'], { contactId: c }, '2026-04-05T10:00:00Z');
    for (const c of contacts.slice(0, 2))
      await emit(
        api,
        tA,
        crmTestEvents['crm.contact_stage_changed'],
        { contactId: c, from: 'enquiry', to: 'contacted' },
        '2026-04-06T10:00:00Z',
      );
    await emit(
      api,
      tA,
      crmTestEvents['crm.contact_stage_changed'],
      { contactId: contacts[0]!, from: 'contacted', to: 'trial_lesson' },
      '2026-04-07T10:00:00Z',
    );
    // School B: one lesson of its own.
    await emit(
      api,
      tB,
      schedulingEvents['booking.completed'],
      {
        bookingId: randomUUID(),
        instructorId: b.instructor.id,
        studentId: b.students[0]!.id,
        start: '2026-03-30T08:00:00Z',
        end: '2026-03-30T09:00:00Z',
        status: 'completed',
        previousStatus: 'confirmed',
      },
      '2026-03-30T10:00:00Z',
    );
    await emit(
      api,
      tB,
      paymentsEvents['payment.outstanding_changed'],
      { studentId: b.students[0]!.id, changeMinor: 7777, outstandingMinor: 7777, currency: 'GBP' },
      '2026-04-02T10:00:00Z',
    );
    await dispatchAnalytics(api);
  }, 120_000);
  afterAll(() => api?.close());

  const report = (name: string, token: string, query = RANGE, slug = 'repa') =>
    api.call('GET', `/api/v1/analytics/reports/${name}?${query}`, { tenant: slug, token });

  it('utilisation: taught hours against available hours per instructor', async () => {
    const res = await report('utilisation', a.ownerToken, 'from=2026-03-30&to=2026-03-30');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.rows.map((r: { instructor: string }) => [r.instructor, r]));
    // 150 minutes of 24 available hours.
    expect(byName[a.instructor.name]).toEqual({
      instructor: a.instructor.name,
      lessons: 2,
      taughtHours: 2.5,
      availableHours: 24,
      utilisation: 10.4,
    });
    expect(byName[a.otherInstructor.name]).toMatchObject({ lessons: 0, utilisation: 0 });
    expect(byName['Lee, "Ann" Ray']).toMatchObject({ lessons: 0, availableHours: 24 });
  });

  it('cancellations, pass rate, lessons to pass, revenue, funnel and cohorts match the hand count', async () => {
    const cancellations = await report(
      'cancellations',
      a.ownerToken,
      'from=2026-03-30&to=2026-03-31&period=day',
    );
    expect(cancellations.body.rows).toEqual([
      {
        period: '2026-03-30',
        due: 4,
        taught: 2,
        cancellations: 1,
        lateCancellations: 1,
        noShows: 1,
        cancellationRate: 25,
        lateCancellationRate: 25,
        noShowRate: 25,
      },
      {
        period: '2026-03-31',
        due: 0,
        taught: 0,
        cancellations: 0,
        lateCancellations: 0,
        noShows: 0,
        cancellationRate: null,
        lateCancellationRate: null,
        noShowRate: null,
      },
    ]);
    const weekly = await report('cancellations', a.ownerToken, 'from=2026-03-28&to=2026-04-12&period=week');
    expect(weekly.body.rows.map((r: { period: string; taught: number }) => [r.period, r.taught])).toEqual([
      ['2026-W13', 0],
      ['2026-W14', 2],
      ['2026-W15', 1],
    ]);

    await api.call('PATCH', '/api/v1/analytics/settings', {
      tenant: 'repa',
      token: a.ownerToken,
      body: { nationalPassRatePercent: 48.1 },
    });
    const pass = await report('pass-rate', a.ownerToken);
    expect(pass.body.reference).toEqual({ label: 'National average', value: 48.1 });
    expect(pass.body.rows).toEqual([
      {
        period: '2026-03',
        taken: 0,
        passed: 0,
        passRate: null,
        firstTaken: 0,
        firstPassed: 0,
        firstPassRate: null,
        nationalRate: 48.1,
      },
      {
        period: '2026-04',
        taken: 3,
        passed: 2,
        passRate: 66.7,
        firstTaken: 2,
        firstPassed: 1,
        firstPassRate: 50,
        nationalRate: 48.1,
      },
    ]);
    const toPass = await report('lessons-to-pass', a.ownerToken);
    // s1: 2 lessons (150 min) by the 20th; s2: 1 lesson (60 min) by the 21st: 1.5 lessons, 105 min.
    expect(toPass.body.rows[1]).toEqual({
      period: '2026-04',
      passes: 2,
      averageLessons: 1.5,
      averageHours: 1.8,
    });
    const revenue = await report('revenue', a.ownerToken);
    // Owed at the end of March: 20.00 + 45.00; of April: 65.00 − 20.00 + 10.00.
    expect(revenue.body.rows).toEqual([
      { period: '2026-03', receivedMinor: 0, refundedMinor: 0, netMinor: 0, outstandingMinor: 6500 },
      { period: '2026-04', receivedMinor: 9000, refundedMinor: 2500, netMinor: 6500, outstandingMinor: 5500 },
    ]);
    // Either side of midnight, by the school's day: the fee on the 31st, the payment on the 1st.
    const days = await report('revenue', a.ownerToken, 'from=2026-03-31&to=2026-04-01&period=day');
    expect(days.body.rows.map((r: { outstandingMinor: number }) => r.outstandingMinor)).toEqual([6500, 4500]);
    const csv = await report('revenue', a.ownerToken, 'from=2026-04-01&to=2026-04-30&format=csv');
    const csvLines = (csv.body as string).split('\r\n');
    expect(csvLines[0]).toBe('Period,Received,Refunded,Net,Outstanding at end');
    expect(csvLines[1]).toBe('2026-04,9000,2500,6500,5500');
    const funnel = await report('enquiry-funnel', a.ownerToken);
    expect(funnel.body.rows.slice(0, 4)).toEqual([
      { stage: 'enquiry', contacts: 3, conversion: 100 },
      { stage: 'contacted', contacts: 2, conversion: 66.7 },
      { stage: 'trial lesson', contacts: 1, conversion: 33.3 },
      { stage: 'active learner', contacts: 0, conversion: 0 },
    ]);
    const cohorts = await report('cohort-retention', a.ownerToken);
    // Both started in March; s1 came back in April.
    expect(cohorts.body.rows).toEqual([
      { cohort: '2026-03', students: 2, month0: 100, month1: 50, month2: 0, month3: 0, month4: 0, month5: 0 },
    ]);
  });

  it('exports CSV with RFC 4180 quoting', async () => {
    const res = await report('utilisation', a.ownerToken, 'from=2026-03-30&to=2026-03-30&format=csv');
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="utilisation-2026-03-30-2026-03-30.csv"',
    );
    const lines = (res.body as string).split('\r\n');
    expect(lines[0]).toBe('Instructor,Lessons taught,Hours taught,Hours available,Utilisation %');
    expect(lines).toContain('"Lee, ""Ann"" Ray",0,0,24,0');
    expect(lines).toContain(`${a.instructor.name},2,2.5,24,10.4`);
  });

  it('validates the range and period as problems naming the field', async () => {
    const cases: [string, string][] = [
      ['from=2026-04-02&to=2026-04-01', 'query.to'],
      ['from=2025-01-01&to=2026-03-01', 'query.to'],
      ['from=2026-04-01&to=2026-04-31', 'query.to'],
      ['from=2026-04-01&to=2026-04-02&period=year', 'query.period'],
      ['to=2026-04-02', 'query.from'],
    ];
    for (const [query, field] of cases) {
      const res = await report('revenue', a.ownerToken, query);
      expect(res.status, query).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(field);
    }
    expect((await report('nonsense', a.ownerToken)).status).toBe(400);
  });

  it('keeps students out, instructors to their own figures, and each school to its own', async () => {
    for (const name of REPORTS) {
      expect((await report(name, a.students[0]!.token)).status, name).toBe(403);
      // Another school's owner, on this school's host: their session is not this school's.
      expect((await report(name, b.ownerToken)).status, name).toBe(401);
    }
    for (const name of ['pass-rate', 'lessons-to-pass', 'revenue', 'enquiry-funnel', 'cohort-retention'])
      expect((await report(name, a.instructor.token)).status, name).toBe(403);
    const own = await report('utilisation', a.instructor.token, 'from=2026-03-30&to=2026-03-30');
    expect(own.body.rows).toEqual([expect.objectContaining({ instructor: a.instructor.name, lessons: 2 })]);
    const ownCancellations = await report(
      'cancellations',
      a.otherInstructor.token,
      'from=2026-03-30&to=2026-03-30&period=day',
    );
    expect(ownCancellations.body.rows[0]).toMatchObject({ taught: 0, cancellations: 1, noShows: 1 });
    const mine = await report(
      'cancellations',
      a.instructor.token,
      'from=2026-03-30&to=2026-03-30&period=day',
    );
    expect(mine.body.rows[0]).toMatchObject({ taught: 2, cancellations: 0, noShows: 0 });
    // School B sees its one lesson and nothing of A's.
    const bCancellations = await report(
      'cancellations',
      b.ownerToken,
      'from=2026-03-30&to=2026-03-30&period=day',
      'repb',
    );
    expect(bCancellations.body.rows[0]).toMatchObject({ taught: 1, cancellations: 0 });
    const bRevenue = await report('revenue', b.ownerToken, RANGE, 'repb');
    expect(bRevenue.body.rows.every((r: { receivedMinor: number }) => r.receivedMinor === 0)).toBe(true);
    // B's own outstanding only: A's 55.00 is not in it.
    expect(bRevenue.body.rows.map((r: { outstandingMinor: number }) => r.outstandingMinor)).toEqual([
      0, 7777,
    ]);
    const bUtil = await report('utilisation', b.ownerToken, 'from=2026-03-30&to=2026-03-30', 'repb');
    expect(bUtil.body.rows.map((r: { instructor: string }) => r.instructor)).not.toContain(a.instructor.name);
  });

  it('settings: the office reads and changes them, with problems for bad values; nobody else', async () => {
    const call = (method: string, token: string, body?: unknown) =>
      api.call(method, '/api/v1/analytics/settings', { tenant: 'repa', token, ...(body ? { body } : {}) });
    expect((await call('GET', a.ownerToken)).body).toMatchObject({ lateCancellationHours: 24 });
    const bad = await call('PATCH', a.ownerToken, { nationalPassRatePercent: 101 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.nationalPassRatePercent');
    for (const token of [a.students[0]!.token, a.instructor.token]) {
      expect((await call('GET', token)).status).toBe(403);
      expect((await call('PATCH', token, { lateCancellationHours: 1 })).status).toBe(403);
    }
    expect((await call('GET', a.ownerToken)).body.lateCancellationHours).toBe(24);
  });

  it('operators see usage across every school, in counts without personal data', async () => {
    // Two schools with a recent history of their own: the one above is fixed in spring 2026, which
    // no window reaches for ever (the route's longest is 366 days).
    const [c, d] = [await createLessonsSchool(api, 'usea'), await createLessonsSchool(api, 'useb')];
    const [tC, tD] = [await tenantIdOf(api, 'usea'), await tenantIdOf(api, 'useb')];
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const lesson = (
      tenantId: string,
      school: LessonsSchool,
      type: 'booking.completed' | 'booking.no_show',
      minutes: number,
      startedHoursAgo: number,
    ) =>
      emit(
        api,
        tenantId,
        schedulingEvents[type],
        {
          bookingId: randomUUID(),
          instructorId: school.instructor.id,
          studentId: school.students[0]!.id,
          start: hoursAgo(startedHoursAgo),
          end: new Date(Date.parse(hoursAgo(startedHoursAgo)) + minutes * 60_000).toISOString(),
          status: type === 'booking.completed' ? 'completed' : 'no_show',
          previousStatus: 'confirmed',
        },
        hoursAgo(startedHoursAgo - 3),
      );
    // C: three lessons taught (90 + 60 minutes two days ago, 60 three days ago), a no-show and two
    // tests passed; D: one lesson.
    await lesson(tC, c, 'booking.completed', 90, 50);
    await lesson(tC, c, 'booking.completed', 60, 48);
    await lesson(tC, c, 'booking.completed', 60, 72);
    await lesson(tC, c, 'booking.no_show', 60, 70);
    const testOn = hoursAgo(48).slice(0, 10);
    for (const studentId of [c.students[0]!.id, c.students[1]!.id])
      await emit(
        api,
        tC,
        lessonsEvents['test.passed'],
        {
          testId: randomUUID(),
          studentId,
          kind: 'practical',
          testOn,
          drivingFaults: 2,
          seriousFaults: 0,
          dangerousFaults: 0,
        },
        hoursAgo(46),
      );
    await lesson(tD, d, 'booking.completed', 60, 48);
    await dispatchAnalytics(api);

    const token = await api.operatorToken();
    const res = await api.call('GET', '/api/v1/platform/usage?days=30', { token });
    expect(res.status).toBe(200);
    const figure = (slug: string, key: string) =>
      res.body.schools
        .find((s: { slug: string }) => s.slug === slug)
        .figures.find((f: { key: string }) => f.key === key)?.value;
    expect(figure('usea', 'analytics.lessons_taught')).toBe(3);
    expect(figure('usea', 'analytics.hours_taught')).toBe(3.5);
    expect(figure('usea', 'analytics.no_shows')).toBe(1);
    expect(figure('usea', 'analytics.tests_passed')).toBe(2);
    expect(figure('useb', 'analytics.lessons_taught')).toBe(1);
    // The spring-2026 schools are listed, but their lessons are outside the last 30 days.
    expect(figure('repa', 'analytics.lessons_taught') ?? 0).toBe(0);
    const total = res.body.totals.find((f: { key: string }) => f.key === 'analytics.lessons_taught');
    expect(total).toMatchObject({ module: 'analytics', value: 4, currency: null });
    const text = JSON.stringify(res.body);
    for (const person of [...c.students, c.instructor, ...d.students, d.instructor])
      expect(text).not.toContain((person as { id: string }).id);
    expect(text).not.toContain(c.students[0]!.name);
    // Not for a school's owner, nor anyone signed out.
    expect((await api.call('GET', '/api/v1/platform/usage', { token: a.ownerToken })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/platform/usage')).status).toBe(401);
    expect((await api.call('GET', '/api/v1/platform/usage?days=0', { token })).status).toBe(400);
  });
});
