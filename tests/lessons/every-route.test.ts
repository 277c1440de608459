import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGuardian } from './guardian-fixture.ts';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

/**
 * Every lessons operation that names a row, tried on school A's rows by another school's office
 * and guardian (tenant A versus B), by another student of school A (student A versus B) and by the
 * guardian of another student of school A: each is refused without learning that the row exists,
 * and A's data is unchanged afterwards.
 */
describe('every lessons route, tenant A versus B, student A versus B, guardian of another student', () => {
  let api: TestApi;
  let a: LessonsSchool;
  let b: LessonsSchool;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    api = await createTestApi();
    a = await createLessonsSchool(api, 'routesa');
    b = await createLessonsSchool(api, 'routesb');
    await b.call('POST', '/api/v1/syllabus/install', b.ownerToken, { template: 'uk' });
    const sam = a.students[0]!;
    ids.student = sam.id;
    ids.lesson = await a.lesson(sam);
    const [skill] = await a.skills();
    ids.skill = skill!.id;
    ids.category = skill!.categoryId;
    await a.expectOk(
      a.call('PUT', `/api/v1/lessons/${ids.lesson}/record`, a.instructor.token, {
        entries: [{ skillId: ids.skill, level: 2 }],
      }),
      200,
      'record',
    );
    ids.document = (
      await a.expectOk(
        a.call('POST', '/api/v1/documents', sam.token, {
          category: 'theory_certificate',
          issuedOn: '2026-06-01',
        }),
        201,
        'document',
      )
    ).id;
    // Sam's guardian supervises a practice drive; Sue's guardian and B's guardian are outsiders.
    const samGuardian = await addGuardian(api, a, sam, 'Gert Routes');
    ids.samGuardian = samGuardian.userId;
    tokens.sueGuardian = (await addGuardian(api, a, a.students[1]!, 'Gia Routes')).token;
    tokens.bGuardian = (await addGuardian(api, b, b.students[0]!, 'Gil Routes')).token;
    ids.entry = (
      await a.expectOk(
        a.call('POST', `/api/v1/students/${sam.id}/practice-entries`, sam.token, {
          date: '2026-01-10',
          start: '18:00',
          minutes: 60,
          supervisorUserId: samGuardian.userId,
        }),
        201,
        'practice entry',
      )
    ).id;
    ids.test = (
      await a.expectOk(
        a.call('POST', `/api/v1/students/${sam.id}/tests`, a.ownerToken, {
          kind: 'theory',
          testOn: '2027-01-20',
        }),
        201,
        'test',
      )
    ).id;
  });
  afterAll(() => api.close());

  const snapshot = () =>
    api.tdb.owner`select
      (select md5(string_agg(t::text, '|' order by t.id)) from lessons t) as lessons,
      (select md5(string_agg(t::text, '|' order by t.id)) from lesson_progress t) as progress,
      (select md5(string_agg(t::text, '|' order by t.id)) from student_progress t) as read_model,
      (select md5(string_agg(t::text, '|' order by t.id)) from skills t) as skills,
      (select md5(string_agg(t::text, '|' order by t.id)) from documents t) as documents,
      (select md5(string_agg(t::text, '|' order by t.id)) from test_records t) as tests,
      (select count(*) from student_evaluations) as evaluations,
      (select count(*) from student_goals) as goals,
      (select count(*) from guardians) as guardians,
      (select md5(string_agg(t::text, '|' order by t.id)) from practice_entries t) as practice,
      (select count(*) from guardian_invitations) as invitations,
      (select count(*) from lesson_materials) as materials`;

  const routes = (): [string, string, unknown?][] => [
    ['GET', `/api/v1/lessons/${ids.lesson}`],
    ['PUT', `/api/v1/lessons/${ids.lesson}/record`, { entries: [{ skillId: ids.skill, level: 5 }] }],
    ['PUT', `/api/v1/lessons/${ids.lesson}/evaluation`, { rating: 1 }],
    ['GET', `/api/v1/students/${ids.student}/progress`],
    ['POST', `/api/v1/students/${ids.student}/mock-tests`, { faults: [] }],
    ['GET', `/api/v1/students/${ids.student}/mock-tests`],
    ['POST', `/api/v1/students/${ids.student}/tests`, { kind: 'theory', testOn: '2027-02-01' }],
    ['GET', `/api/v1/students/${ids.student}/tests`],
    ['POST', `/api/v1/tests/${ids.test}/result`, { result: 'failed' }],
    ['POST', `/api/v1/students/${ids.student}/goals`, { title: 'Mine now' }],
    ['GET', `/api/v1/students/${ids.student}/goals`],
    ['POST', `/api/v1/students/${ids.student}/materials`, { kind: 'reading', title: 'x' }],
    ['GET', `/api/v1/students/${ids.student}/materials`],
    ['GET', `/api/v1/students/${ids.student}/guardians`],
    ['POST', `/api/v1/documents/${ids.document}/verify`],
    ['PATCH', `/api/v1/documents/${ids.document}`, { expiresOn: '2027-01-01' }],
    ['DELETE', `/api/v1/documents/${ids.document}`],
    ['GET', `/api/v1/students/${ids.student}/logbook`],
    ['GET', `/api/v1/students/${ids.student}/practice-entries`],
    [
      'POST',
      `/api/v1/students/${ids.student}/practice-entries`,
      { date: '2026-01-11', start: '09:00', minutes: 30, supervisorUserId: ids.samGuardian },
    ],
    ['POST', `/api/v1/practice-entries/${ids.entry}/confirm`],
    ['POST', `/api/v1/practice-entries/${ids.entry}/reject`],
    [
      'POST',
      `/api/v1/students/${ids.student}/guardian-invitations`,
      { email: 'intruder@example.test', acceptUrl: 'http://routesb.localhost:3001/guardian/accept' },
    ],
  ];

  /** Every route's status for one caller (school B's callers go to B's host). */
  const statusesOf = async (school: LessonsSchool, token: string) =>
    Object.fromEntries(
      await Promise.all(
        routes().map(async ([method, path, body]) => [
          `${method} ${path}`,
          (await school.call(method, path, token, body)).status,
        ]),
      ),
    );

  it('another school’s office and guardian: 404 on every row of school A, A unchanged', async () => {
    const before = await snapshot();
    for (const token of [b.ownerToken, tokens.bGuardian!]) {
      const statuses = await statusesOf(b, token);
      expect(
        Object.values(statuses).every((s) => s === 404),
        JSON.stringify(statuses),
      ).toBe(true);
    }
    // The school-level operations act on B's own data only.
    expect(
      (await b.call('PATCH', `/api/v1/syllabus/skills/${ids.skill}`, b.ownerToken, { name: 'x' })).status,
    ).toBe(404);
    expect(
      (await b.call('POST', '/api/v1/syllabus/skills', b.ownerToken, { categoryId: ids.category, name: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (await b.call('PATCH', '/api/v1/lessons/settings', b.ownerToken, { recordEditWindowHours: 1 })).status,
    ).toBe(200);
    expect((await a.call('GET', '/api/v1/lessons/settings', a.ownerToken)).body.recordEditWindowHours).toBe(
      48,
    );
    const lists = await Promise.all([
      b.call('GET', `/api/v1/lessons?studentId=${ids.student}`, b.ownerToken),
      b.call('GET', '/api/v1/documents', b.ownerToken),
      b.call('GET', '/api/v1/documents/expiring?days=730', b.ownerToken),
    ]);
    expect(lists.map((l) => l.body.data)).toEqual([[], [], []]);
    expect(
      (await b.call('GET', '/api/v1/syllabus', b.ownerToken)).body.categories.flatMap(
        (c: { skills: { id: string }[] }) => c.skills.map((s) => s.id),
      ),
    ).not.toContain(ids.skill);
    expect(await snapshot()).toEqual(before);
  });

  it('another student of the same school: 404 on every row of Sam’s (403 where only the office may act), A unchanged', async () => {
    const before = await snapshot();
    const sue = a.students[1]!;
    const statuses = Object.fromEntries(
      await Promise.all(
        routes().map(async ([method, path, body]) => [
          `${method} ${path}`,
          (await a.call(method, path, sue.token, body)).status,
        ]),
      ),
    );
    // Verifying is the office's: Sue learns nothing either way (404: she cannot see the document).
    expect(
      Object.values(statuses).every((s) => s === 404),
      JSON.stringify(statuses),
    ).toBe(true);
    const lists = await Promise.all([
      a.call('GET', `/api/v1/lessons?studentId=${ids.student}`, sue.token),
      a.call('GET', '/api/v1/documents', sue.token),
    ]);
    expect(lists.map((l) => l.body.data)).toEqual([[], []]);
    expect((await a.call('GET', `/api/v1/documents?userId=${a.students[0]!.userId}`, sue.token)).status).toBe(
      403,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('the guardian of another student: 404 on every row of Sam’s, only their own learner listed, A unchanged', async () => {
    const before = await snapshot();
    const statuses = await statusesOf(a, tokens.sueGuardian!);
    expect(
      Object.values(statuses).every((s) => s === 404),
      JSON.stringify(statuses),
    ).toBe(true);
    const lists = await Promise.all([
      a.call('GET', `/api/v1/lessons?studentId=${ids.student}`, tokens.sueGuardian!),
      a.call('GET', '/api/v1/documents', tokens.sueGuardian!),
    ]);
    expect(lists.map((l) => l.body.data)).toEqual([[], []]);
    const learners = await a.call('GET', '/api/v1/guardian/learners', tokens.sueGuardian!);
    expect(learners.body.data.map((l: { studentId: string }) => l.studentId)).toEqual([a.students[1]!.id]);
    expect(await snapshot()).toEqual(before);
  });
});
