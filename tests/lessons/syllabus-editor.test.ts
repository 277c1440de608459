import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

// What the office's syllabus editor needs beyond skills: the names a renamed skill had, and skill
// groups of the school's own (add, rename, retire all their skills at once).
describe('syllabus editor: renames and skill groups', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let other: LessonsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'editor');
    other = await createLessonsSchool(api, 'editorb');
    for (const school of [s, other])
      await school.expectOk(
        school.call('POST', '/api/v1/syllabus/install', school.ownerToken, { template: 'uk' }),
        200,
        'install',
      );
  });
  afterAll(() => api.close());

  it('lists each rename of a skill (from the audit trail), newest first, for the office only', async () => {
    const [skill] = await s.skills();
    const first = skill!.name;
    for (const name of ['Moving off', 'Moving off safely'])
      await s.expectOk(
        s.call('PATCH', `/api/v1/syllabus/skills/${skill!.id}`, s.ownerToken, { name }),
        200,
        'rename',
      );
    // A change that is not a rename is not listed.
    await s.expectOk(
      s.call('PATCH', `/api/v1/syllabus/skills/${skill!.id}`, s.ownerToken, { description: 'x' }),
      200,
      'describe',
    );
    const renames = await s.call('GET', '/api/v1/syllabus/renames', s.ownerToken);
    expect(renames.status).toBe(200);
    expect(
      renames.body.data.map((r: { skillId: string; from: string; to: string }) => [r.skillId, r.from, r.to]),
    ).toEqual([
      [skill!.id, 'Moving off', 'Moving off safely'],
      [skill!.id, first, 'Moving off'],
    ]);
    expect((await s.call('GET', '/api/v1/syllabus/renames', s.instructor.token)).status).toBe(403);
    expect((await s.call('GET', '/api/v1/syllabus/renames', s.students[0]!.token)).status).toBe(403);
    // Another school sees its own renames only (none).
    expect((await other.call('GET', '/api/v1/syllabus/renames', other.ownerToken)).body.data).toEqual([]);
  });

  it('adds, renames and retires a group (all its skills), restores it; nobody else can', async () => {
    const added = await s.call('POST', '/api/v1/syllabus/categories', s.ownerToken, {
      name: 'Motorway driving',
    });
    expect(added.status).toBe(201);
    const group = added.body.id as string;
    const skill = await s.expectOk(
      s.call('POST', '/api/v1/syllabus/skills', s.ownerToken, {
        categoryId: group,
        name: 'Joining at speed',
      }),
      201,
      'skill',
    );
    const renamed = await s.call('PATCH', `/api/v1/syllabus/categories/${group}`, s.ownerToken, {
      name: 'Motorways',
    });
    expect(renamed.body).toMatchObject({ id: group, name: 'Motorways' });
    expect(
      (await s.call('PATCH', `/api/v1/syllabus/categories/${group}`, s.ownerToken, { retired: true })).status,
    ).toBe(200);
    expect((await s.skills()).map((k) => k.id)).not.toContain(skill.id);
    await s.call('PATCH', `/api/v1/syllabus/categories/${group}`, s.ownerToken, { retired: false });
    expect((await s.skills()).map((k) => k.id)).toContain(skill.id);

    // Refused: the instructor and student (403), another school (404), bad input (400 naming the field).
    for (const token of [s.instructor.token, s.students[0]!.token]) {
      expect((await s.call('POST', '/api/v1/syllabus/categories', token, { name: 'x' })).status).toBe(403);
      expect(
        (await s.call('PATCH', `/api/v1/syllabus/categories/${group}`, token, { name: 'x' })).status,
      ).toBe(403);
    }
    expect(
      (await other.call('PATCH', `/api/v1/syllabus/categories/${group}`, other.ownerToken, { name: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (await other.call('PATCH', `/api/v1/syllabus/categories/${group}`, other.ownerToken, { retired: true }))
        .status,
    ).toBe(404);
    const blank = await s.call('PATCH', `/api/v1/syllabus/categories/${group}`, s.ownerToken, { name: ' ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0].path).toBe('body.name');
    expect((await s.call('PATCH', `/api/v1/syllabus/categories/${group}`, s.ownerToken, {})).status).toBe(
      400,
    );
    const [row] = await api.tdb.owner<
      { name: string }[]
    >`select name from skill_categories where id = ${group}`;
    expect(row!.name).toBe('Motorways');
    expect((await s.skills()).map((k) => k.id)).toContain(skill.id);
  });
});
