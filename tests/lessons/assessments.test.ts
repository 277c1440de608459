import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('mock tests and test records', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let other: LessonsSchool;
  let skills: { id: string }[];
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'assess');
    other = await createLessonsSchool(api, 'assessb');
    // Ian teaches Sam and Sue; Sid has never had a lesson with anyone.
    await s.lesson(s.students[0]!);
    await s.lesson(s.students[1]!);
    skills = await s.skills();
  });
  afterAll(() => api.close());

  const mock = (
    faults: { skill: number; driving?: number; serious?: number; dangerous?: number }[],
    token = s.instructor.token,
    student = s.students[0]!,
  ) =>
    s.call('POST', `/api/v1/students/${student.id}/mock-tests`, token, {
      faults: faults.map((f) => ({
        skillId: skills[f.skill]!.id,
        driving: f.driving ?? 0,
        serious: f.serious ?? 0,
        dangerous: f.dangerous ?? 0,
      })),
    });
  /** `n` driving faults spread over skills, at most 2 per skill (no upgrade can apply). */
  const spread = (n: number) =>
    Array.from({ length: Math.ceil(n / 2) }, (_, i) => ({ skill: i, driving: Math.min(2, n - 2 * i) }));

  it('pass = at most 15 driving faults and no serious or dangerous fault', async () => {
    const fifteen = await mock(spread(15));
    expect(fifteen.status).toBe(201);
    expect(fifteen.body).toMatchObject({
      drivingFaults: 15,
      seriousFaults: 0,
      dangerousFaults: 0,
      result: 'pass',
    });
    const sixteen = await mock(spread(16));
    expect(sixteen.body).toMatchObject({ drivingFaults: 16, result: 'fail' });
    const serious = await mock([{ skill: 0, serious: 1 }]);
    expect(serious.body).toMatchObject({ drivingFaults: 0, seriousFaults: 1, result: 'fail' });
    const dangerous = await mock([{ skill: 1, dangerous: 1 }]);
    expect(dangerous.body).toMatchObject({ dangerousFaults: 1, result: 'fail' });
    const clean = await mock([]);
    expect(clean.body).toMatchObject({ drivingFaults: 0, result: 'pass' });
    const listed = await s.call(
      'GET',
      `/api/v1/students/${s.students[0]!.id}/mock-tests`,
      s.students[0]!.token,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((m: { result: string }) => m.result)).toEqual([
      'pass',
      'fail',
      'fail',
      'fail',
      'pass',
    ]);
    const [events] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from outbox_events where type = 'lesson.evaluated' and payload->>'kind' = 'mock_test'
        and payload->>'studentId' = ${s.students[0]!.id}`;
    expect(events!.n).toBe(5);
  });

  it('with the school setting, 3 driving faults on one skill are marked as one serious fault', async () => {
    const threeOnOne = [
      { skill: 2, driving: 3 },
      { skill: 3, driving: 1 },
    ];
    expect((await mock(threeOnOne)).body).toMatchObject({
      drivingFaults: 4,
      seriousFaults: 0,
      result: 'pass',
    });
    const patch = await s.call('PATCH', '/api/v1/lessons/settings', s.ownerToken, {
      upgradeRepeatedDrivingFaults: true,
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      upgradeRepeatedDrivingFaults: true,
      repeatedDrivingFaultsThreshold: 3,
    });
    expect(
      (await s.call('PATCH', '/api/v1/lessons/settings', s.instructor.token, { maxDrivingFaults: 30 }))
        .status,
    ).toBe(403);
    const upgraded = await mock(threeOnOne);
    expect(upgraded.body).toMatchObject({
      drivingFaults: 1,
      seriousFaults: 1,
      upgradedFaults: 1,
      result: 'fail',
    });
    expect((await mock([{ skill: 2, driving: 2 }])).body).toMatchObject({ drivingFaults: 2, result: 'pass' });
    await s.call('PATCH', '/api/v1/lessons/settings', s.ownerToken, { upgradeRepeatedDrivingFaults: false });
  });

  it('only the office and the instructors who taught the student mark mock tests', async () => {
    expect((await mock([], s.students[0]!.token)).status).toBe(403);
    expect((await mock([], s.students[1]!.token)).status).toBe(404);
    expect((await mock([], s.otherInstructor.token)).status).toBe(404);
    expect((await mock([], s.ownerToken, s.students[2]!)).status).toBe(201);
    expect((await mock([], s.instructor.token, s.students[2]!)).status).toBe(404);
    const foreign = await other.call(
      'POST',
      `/api/v1/students/${s.students[0]!.id}/mock-tests`,
      other.ownerToken,
      {
        faults: [],
      },
    );
    expect(foreign.status).toBe(404);
    // A skill of another school's syllabus is not a skill here.
    await other.call('POST', '/api/v1/syllabus/install', other.ownerToken, { template: 'uk' });
    const [theirs] = await other.skills();
    const wrong = await s.call(
      'POST',
      `/api/v1/students/${s.students[0]!.id}/mock-tests`,
      s.instructor.token,
      {
        faults: [{ skillId: theirs!.id, driving: 1, serious: 0, dangerous: 0 }],
      },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('lessons.unknown_skills');
  });

  it('a practical test after the theory certificate expires is refused with a clear 409', async () => {
    const student = s.students[1]!;
    const book = (testOn: string, kind = 'practical', extra: Record<string, unknown> = {}) =>
      s.call('POST', `/api/v1/students/${student.id}/tests`, s.instructor.token, { kind, testOn, ...extra });
    const none = await book(day(30));
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('lessons.theory_certificate_expired');
    expect(none.body.detail).toMatch(/no theory certificate/);
    // Issued 23 months ago: valid 2 years, so for about another month.
    const issued = new Date();
    issued.setUTCMonth(issued.getUTCMonth() - 23);
    const cert = await s.call('POST', '/api/v1/documents', s.ownerToken, {
      userId: student.userId,
      category: 'theory_certificate',
      issuedOn: issued.toISOString().slice(0, 10),
    });
    expect(cert.status).toBe(201);
    const expiresOn = cert.body.expiresOn as string;
    const late = await book(day(60));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      code: 'lessons.theory_certificate_expired',
      theoryCertificateExpiresOn: expiresOn,
    });
    expect(late.body.detail).toContain(expiresOn);
    const onTheDay = await book(expiresOn);
    expect(onTheDay.status).toBe(201);
    expect(onTheDay.body).toMatchObject({ kind: 'practical', status: 'booked', testOn: expiresOn });
    // A theory test needs no certificate.
    expect((await book(day(90), 'theory')).status).toBe(201);
    const events = await api.tdb.owner<{ type: string }[]>`
      select type from outbox_events where type like 'test.%' and payload->>'studentId' = ${student.id}`;
    expect(events.map((e) => e.type)).toEqual(['test.booked', 'test.booked']);
  });

  it('the centre must be a test centre of this school; the result is recorded once and emits test.passed / test.failed', async () => {
    const student = s.students[1]!;
    const [tenant] = await api.tdb.owner<{ id: string }[]>`select id from tenants where slug = ${s.slug}`;
    const [otherTenant] = await api.tdb.owner<
      { id: string }[]
    >`select id from tenants where slug = ${other.slug}`;
    const location = async (tenantId: string, kind: string) =>
      (
        await api.tdb.owner<{ id: string }[]>`insert into locations (tenant_id, kind, name, address)
        values (${tenantId}, ${kind}, ${kind}, '1 Road') returning id`
      )[0]!.id;
    const centre = await location(tenant!.id, 'test_centre');
    const pickup = await location(tenant!.id, 'pickup');
    const theirs = await location(otherTenant!.id, 'test_centre');
    const book = (centreLocationId: string) =>
      s.call('POST', `/api/v1/students/${student.id}/tests`, s.ownerToken, {
        kind: 'theory',
        testOn: day(10),
        centreLocationId,
      });
    for (const wrong of [pickup, theirs]) {
      const res = await book(wrong);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('lessons.not_a_test_centre');
    }
    const ok = await book(centre);
    expect(ok.status).toBe(201);
    expect(ok.body.centreLocationId).toBe(centre);

    const result = (id: string, body: unknown, token = s.instructor.token) =>
      s.call('POST', `/api/v1/tests/${id}/result`, token, body);
    expect((await result(ok.body.id, { result: 'passed' }, s.students[1]!.token)).status).toBe(403);
    expect((await result(ok.body.id, { result: 'passed' }, s.otherInstructor.token)).status).toBe(404);
    expect(
      (await other.call('POST', `/api/v1/tests/${ok.body.id}/result`, other.ownerToken, { result: 'passed' }))
        .status,
    ).toBe(404);
    const passed = await result(ok.body.id, {
      result: 'passed',
      faults: [{ skillId: skills[0]!.id, driving: 3, serious: 0, dangerous: 0 }],
    });
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ status: 'passed', drivingFaults: 3, seriousFaults: 0 });
    const again = await result(ok.body.id, { result: 'failed' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('lessons.test_result_recorded');

    const second = await book(centre);
    expect(
      (
        await result(second.body.id, {
          result: 'failed',
          faults: [{ skillId: skills[1]!.id, driving: 0, serious: 1, dangerous: 0 }],
        })
      ).status,
    ).toBe(200);
    const events = await api.tdb.owner<{ type: string; payload: Record<string, unknown> }[]>`
      select type, payload from outbox_events where type in ('test.passed', 'test.failed') and payload->>'studentId' = ${student.id}
       order by id`;
    expect(events.map((e) => [e.type, e.payload.testId])).toEqual([
      ['test.passed', ok.body.id],
      ['test.failed', second.body.id],
    ]);
    const history = await s.call('GET', `/api/v1/students/${student.id}/tests`, student.token);
    expect(history.status).toBe(200);
    expect(history.body.data.length).toBeGreaterThanOrEqual(4);
  });

  it('operators see the school’s lessons figures in its usage (and only its own)', async () => {
    const operator = await api.operatorToken();
    const usage = async (slug: string) =>
      (await api.call('GET', `/api/v1/platform/tenants/${slug}/usage`, { token: operator })).body.figures as {
        key: string;
        module: string;
        value: number;
      }[];
    const figure = (figures: { key: string; value: number }[], key: string) =>
      figures.find((f) => f.key === key)?.value;
    const mine = await usage(s.slug);
    expect(figure(mine, 'lessons.mock_tests')).toBe(9);
    expect(figure(mine, 'lessons.tests_passed')).toBe(1);
    expect(figure(mine, 'lessons.lessons_recorded')).toBe(0);
    expect(mine.find((f) => f.key === 'lessons.mock_tests')?.module).toBe('lessons');
    expect(figure(await usage(other.slug), 'lessons.mock_tests')).toBe(0);
  });
});
