import { systemActor } from '@dualcontrol/db';
import { lessonsModule, SYLLABUS_TEMPLATES, templateForSchool } from '@dualcontrol/lessons';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

describe('syllabus templates', () => {
  it('ship the UK DVSA syllabus (27 skills in 8 groups), a US and an Australian one, with unique keys', () => {
    const uk = SYLLABUS_TEMPLATES.uk;
    expect(uk.categories).toHaveLength(8);
    expect(uk.categories.flatMap((c) => c.skills)).toHaveLength(27);
    for (const t of Object.values(SYLLABUS_TEMPLATES)) {
      const keys = t.categories.flatMap((c) => c.skills.map((k) => k.key));
      expect(new Set(keys).size, t.id).toBe(keys.length);
      expect(keys.length, t.id).toBeGreaterThan(10);
    }
  });

  it('are chosen by where the school is: zone, then currency, then locale', () => {
    expect(templateForSchool({ timezone: 'Europe/London', currency: 'GBP', locale: 'en-GB' })).toBe('uk');
    expect(templateForSchool({ timezone: 'America/Chicago', currency: 'USD', locale: 'en-US' })).toBe('us');
    expect(templateForSchool({ timezone: 'Australia/Sydney', currency: 'AUD', locale: 'en-AU' })).toBe('au');
    expect(templateForSchool({ timezone: 'UTC', currency: 'AUD', locale: 'en-GB' })).toBe('au');
    expect(templateForSchool({ timezone: 'UTC', currency: 'EUR', locale: 'en-US' })).toBe('us');
    expect(templateForSchool({ timezone: 'Asia/Tokyo', currency: 'JPY', locale: 'ja-JP' })).toBe('uk');
  });
});

describe('a school’s syllabus', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let other: LessonsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'syllabus');
    other = await createLessonsSchool(api, 'syllabusb', { timezone: 'Australia/Sydney' });
  });
  afterAll(() => api.close());

  it('the module seed installs the template for where the school is, idempotently', async () => {
    const [tenant] = await api.tdb.owner<{ id: string }[]>`select id from tenants where slug = ${other.slug}`;
    const seed = () =>
      api.tdb.db.withTenant(tenant!.id, systemActor, (tx) =>
        lessonsModule.seed!({ tx, tenantId: tenant!.id, data: {} }),
      );
    await seed();
    await seed();
    const skills = await other.skills();
    expect(skills.length).toBe(SYLLABUS_TEMPLATES.au.categories.flatMap((c) => c.skills).length);
    expect(skills.every((k) => k.templateKey?.startsWith('au/'))).toBe(true);
    // This school sees none of them.
    expect(await s.skills()).toEqual([]);
  });

  it('the office installs a template (again: nothing added); others may read but not install', async () => {
    const install = (token: string, template = 'uk') =>
      s.call('POST', '/api/v1/syllabus/install', token, { template });
    expect((await install(s.instructor.token)).status).toBe(403);
    expect((await install(s.students[0]!.token)).status).toBe(403);
    const first = await install(s.ownerToken);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ template: 'uk', categoriesAdded: 8, skillsAdded: 27 });
    const again = await install(s.ownerToken);
    expect(again.body).toMatchObject({ categoriesAdded: 0, skillsAdded: 0 });
    expect(again.body.syllabus.categories).toHaveLength(8);
    expect((await install(s.ownerToken, 'xx')).status).toBe(400);
    const read = await s.call('GET', '/api/v1/syllabus', s.students[0]!.token);
    expect(read.status).toBe(200);
    expect(read.body.categories[0].skills[0].name).toBe('Cockpit drill and safety checks');
    const templates = await s.call('GET', '/api/v1/syllabus/templates', s.instructor.token);
    expect(templates.body.recommended).toBe('uk');
    expect(templates.body.data.find((t: { id: string }) => t.id === 'uk')).toMatchObject({
      categories: 8,
      skills: 27,
    });
  });

  it('renaming keeps the skill’s id, so recorded history shows the new name; retired skills leave new records', async () => {
    const [first, second] = await s.skills();
    const lessonId = await s.lesson(s.students[0]!);
    await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
      entries: [{ skillId: first!.id, level: 3 }],
    });
    const rename = await s.call('PATCH', `/api/v1/syllabus/skills/${first!.id}`, s.ownerToken, {
      name: 'Cockpit drill',
    });
    expect(rename.status).toBe(200);
    expect(rename.body).toMatchObject({ id: first!.id, name: 'Cockpit drill' });
    const lesson = await s.call('GET', `/api/v1/lessons/${lessonId}`, s.students[0]!.token);
    expect(lesson.body.entries).toEqual([
      { skillId: first!.id, skillName: 'Cockpit drill', level: 3, note: null },
    ]);

    const retire = await s.call('PATCH', `/api/v1/syllabus/skills/${second!.id}`, s.ownerToken, {
      retired: true,
    });
    expect(retire.body.retiredAt).not.toBeNull();
    const refused = await s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
      entries: [{ skillId: second!.id, level: 3 }],
    });
    expect(refused.status).toBe(400);
    const progress = await s.call('GET', `/api/v1/students/${s.students[0]!.id}/progress`, s.ownerToken);
    expect(progress.body.skills).toHaveLength(26);

    const add = await s.call('POST', '/api/v1/syllabus/skills', s.ownerToken, {
      categoryId: first!.categoryId,
      name: 'Towing a trailer',
    });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ templateKey: null, name: 'Towing a trailer' });
    expect(
      (await s.call('PATCH', `/api/v1/syllabus/skills/${first!.id}`, s.instructor.token, { name: 'x' }))
        .status,
    ).toBe(403);
    expect((await s.call('PATCH', `/api/v1/syllabus/skills/${first!.id}`, s.ownerToken, {})).status).toBe(
      400,
    );
    // Another school's office cannot touch this school's skills.
    expect(
      (await other.call('PATCH', `/api/v1/syllabus/skills/${first!.id}`, other.ownerToken, { name: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (
        await other.call('POST', '/api/v1/syllabus/skills', other.ownerToken, {
          categoryId: first!.categoryId,
          name: 'x',
        })
      ).status,
    ).toBe(404);
  });
});
