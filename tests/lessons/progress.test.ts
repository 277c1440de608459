import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

type Progress = {
  lessons: number;
  minutesTaught: number;
  skills: {
    skillId: string;
    level: number | null;
    trend: string | null;
    lastPractisedAt: string | null;
    timesPractised: number;
  }[];
  readiness: {
    score: number;
    summary: string;
    components: { key: string; weight: number; points: number; detail: string }[];
  };
  recommendations: { skillId: string; name: string; reasons: string[] }[];
};

describe('student progress, readiness and recommendations', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let other: LessonsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'progress');
    other = await createLessonsSchool(api, 'progressb');
    await s.call('POST', '/api/v1/syllabus/install', s.ownerToken, { template: 'uk' });
  });
  afterAll(() => api.close());

  const progressOf = async (studentId: string, token: string) => {
    const res = await s.call('GET', `/api/v1/students/${studentId}/progress`, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Progress;
  };
  const component = (p: Progress, key: string) => p.readiness.components.find((c) => c.key === key)!;

  it('starts at zero with every skill unpractised, and explains each component', async () => {
    const p = await progressOf(s.students[0]!.id, s.students[0]!.token);
    expect(p.skills).toHaveLength(27);
    expect(p.skills.every((k) => k.level === null && k.trend === null && k.timesPractised === 0)).toBe(true);
    expect(p.readiness.score).toBe(0);
    expect(p.readiness.components.map((c) => [c.key, c.weight])).toEqual([
      ['skills', 40],
      ['mockTests', 30],
      ['hours', 20],
      ['theory', 10],
    ]);
    expect(component(p, 'skills').detail).toBe('0 of 27 skills at independent or above');
    expect(component(p, 'mockTests').detail).toBe('No mock test yet');
    expect(component(p, 'theory').detail).toBe('No theory test pass on record');
    // Nothing practised yet: the syllabus in order.
    expect(p.recommendations).toHaveLength(5);
    expect(p.recommendations[0]!.reasons).toEqual(['Not practised yet']);
  });

  it('readiness rises as lessons are recorded, a mock test passes and the theory pass is recorded', async () => {
    const student = s.students[0]!;
    const skills = await s.skills();
    // Two hours of lessons: every skill independent after the second.
    const first = await s.lesson(student, { daysAgo: 10 });
    const second = await s.lesson(student, { daysAgo: 2 });
    const record = (lessonId: string, level: (i: number) => number) =>
      s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
        entries: skills.map((k, i) => ({ skillId: k.id, level: level(i) })),
      });
    expect((await record(first, () => 2)).status).toBe(200);
    const afterOne = await progressOf(student.id, student.token);
    expect(component(afterOne, 'skills').points).toBe(0);
    expect(component(afterOne, 'hours').points).toBeCloseTo((20 * 2) / 45, 1);

    // Most skills to independent; three drop back to level 1 (weakest: recommended with the reason).
    expect((await record(second, (i) => (i < 3 ? 1 : 4))).status).toBe(200);
    const afterTwo = await progressOf(student.id, student.token);
    expect(afterTwo.skills[0]).toMatchObject({ level: 1, trend: 'down', timesPractised: 2 });
    expect(afterTwo.skills[5]).toMatchObject({ level: 4, trend: 'up' });
    expect(component(afterTwo, 'skills')).toMatchObject({
      points: 35.6,
      detail: '24 of 27 skills at independent or above',
    });
    expect(afterTwo.readiness.score).toBeGreaterThan(afterOne.readiness.score);
    expect(afterTwo.recommendations.slice(0, 3).map((r) => r.skillId)).toEqual(
      skills.slice(0, 3).map((k) => k.id),
    );
    expect(afterTwo.recommendations[0]!.reasons).toEqual(
      expect.arrayContaining(['At level 1 (introduced)', 'Went down from 2 to 1 last time']),
    );

    const mock = await s.call('POST', `/api/v1/students/${student.id}/mock-tests`, s.instructor.token, {
      faults: [{ skillId: skills[0]!.id, driving: 2, serious: 0, dangerous: 0 }],
    });
    expect(mock.status).toBe(201);
    const afterMock = await progressOf(student.id, student.token);
    expect(component(afterMock, 'mockTests')).toMatchObject({
      points: 30,
      detail: '1 of the last 1 mock test passed (latest: pass)',
    });

    const cert = await s.call('POST', '/api/v1/documents', student.token, {
      category: 'theory_certificate',
      issuedOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(cert.status).toBe(201);
    const ready = await progressOf(student.id, student.token);
    expect(component(ready, 'theory').points).toBe(10);
    expect(ready.readiness.score).toBe(Math.round(35.6 + 30 + component(ready, 'hours').points + 10));
    expect(ready.lessons).toBe(2);
    expect(ready.minutesTaught).toBe(120);
  });

  it('is visible to the student, the instructors who taught them, the office — not to another student or instructor (404)', async () => {
    const student = s.students[0]!;
    const path = `/api/v1/students/${student.id}/progress`;
    expect((await s.call('GET', path, student.token)).status).toBe(200);
    expect((await s.call('GET', path, s.instructor.token)).status).toBe(200);
    expect((await s.call('GET', path, s.ownerToken)).status).toBe(200);
    const sue = await s.call('GET', path, s.students[1]!.token);
    expect(sue.status).toBe(404);
    expect(sue.body.code).toBe('lessons.student_not_found');
    // Olga teaches at the school but never taught this student.
    expect((await s.call('GET', path, s.otherInstructor.token)).status).toBe(404);
    // Another school: neither its office nor its people can reach this student.
    expect((await other.call('GET', path, other.ownerToken)).status).toBe(404);
    expect((await other.call('GET', path, other.students[0]!.token)).status).toBe(404);
    // Mock tests and tests follow the same rule.
    expect(
      (await s.call('GET', `/api/v1/students/${student.id}/mock-tests`, s.students[1]!.token)).status,
    ).toBe(404);
    expect(
      (await s.call('GET', `/api/v1/students/${student.id}/tests`, s.otherInstructor.token)).status,
    ).toBe(404);
    expect((await other.call('GET', `/api/v1/students/${student.id}/tests`, other.ownerToken)).status).toBe(
      404,
    );
  });

  it('the office links a guardian, who then reads the learner’s progress (and only theirs)', async () => {
    const student = s.students[0]!;
    const guardian = await api.addPerson(s.slug, s.ownerToken, 'students', `Gina ${s.slug}`);
    const [tenant] = await api.tdb.owner<{ id: string }[]>`select id from tenants where slug = ${s.slug}`;
    const link = (token: string, userId = guardian.userId) =>
      s.call('POST', `/api/v1/students/${student.id}/guardians`, token, {
        userId,
        relationship: 'parent',
        canPay: true,
      });
    // Not (yet) a guardian account: refused with a reason.
    const notYet = await link(s.ownerToken);
    expect(notYet.status).toBe(409);
    expect(notYet.body.code).toBe('lessons.not_a_guardian');
    // An account that is only a guardian (as guardian sign-up will make them).
    await api.tdb
      .owner`insert into user_roles (tenant_id, user_id, role) values (${tenant!.id}, ${guardian.userId}, 'guardian')`;
    await api.tdb.owner`delete from user_roles where user_id = ${guardian.userId} and role = 'student'`;
    const path = `/api/v1/students/${student.id}/progress`;
    expect((await s.call('GET', path, guardian.token)).status).toBe(404);
    expect((await link(s.instructor.token)).status).toBe(403);
    expect((await link(student.token)).status).toBe(403);
    expect(
      (
        await other.call('POST', `/api/v1/students/${student.id}/guardians`, other.ownerToken, {
          userId: guardian.userId,
        })
      ).status,
    ).toBe(404);
    const linked = await link(s.ownerToken);
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({
      guardianUserId: guardian.userId,
      canPay: true,
      relationship: 'parent',
    });
    expect((await s.call('GET', path, guardian.token)).status).toBe(200);
    expect(
      (await s.call('GET', `/api/v1/students/${s.students[1]!.id}/progress`, guardian.token)).status,
    ).toBe(404);
    const list = await s.call('GET', `/api/v1/students/${student.id}/guardians`, student.token);
    expect(list.body.data.map((g: { guardianUserId: string }) => g.guardianUserId)).toEqual([
      guardian.userId,
    ]);
    expect((await s.call('GET', `/api/v1/students/${student.id}/guardians`, s.instructor.token)).status).toBe(
      403,
    );
    expect(
      (await s.call('GET', `/api/v1/students/${student.id}/guardians`, s.students[1]!.token)).status,
    ).toBe(404);
  });

  it('goals: the student sets one; recording the skills to the target level reaches it (goal.reached, once)', async () => {
    const student = s.students[2]!;
    const skills = await s.skills();
    const goal = await s.call('POST', `/api/v1/students/${student.id}/goals`, student.token, {
      title: 'Roundabouts and junctions',
      targetTestOn: '2027-06-01',
      skillIds: [skills[7]!.id, skills[10]!.id],
    });
    expect(goal.status).toBe(201);
    expect(goal.body).toMatchObject({ status: 'active', targetLevel: 4, skillsAtTarget: 0 });
    expect(
      (await s.call('POST', `/api/v1/students/${student.id}/goals`, s.students[1]!.token, { title: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (await s.call('POST', `/api/v1/students/${student.id}/goals`, s.otherInstructor.token, { title: 'x' }))
        .status,
    ).toBe(404);
    expect((await other.call('GET', `/api/v1/students/${student.id}/goals`, other.ownerToken)).status).toBe(
      404,
    );

    const lessonId = await s.lesson(student);
    const record = (levels: [number, number]) =>
      s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
        entries: [
          { skillId: skills[7]!.id, level: levels[0] },
          { skillId: skills[10]!.id, level: levels[1] },
        ],
      });
    expect((await record([4, 3])).status).toBe(200);
    let goals = await s.call('GET', `/api/v1/students/${student.id}/goals`, student.token);
    expect(goals.body.data[0]).toMatchObject({ status: 'active', skillsAtTarget: 1 });
    expect((await record([4, 4])).status).toBe(200);
    goals = await s.call('GET', `/api/v1/students/${student.id}/goals`, s.instructor.token);
    expect(goals.body.data[0]).toMatchObject({ status: 'reached', skillsAtTarget: 2 });
    expect((await record([5, 5])).status).toBe(200);
    const events = await api.tdb.owner<{ payload: { goalId: string } }[]>`
      select payload from outbox_events where type = 'goal.reached' and payload->>'studentId' = ${student.id}`;
    expect(events.map((e) => e.payload.goalId)).toEqual([goal.body.id]);
  });
});
