import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('the setup checklist of a new school', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  const ticked = (body: { steps: { id: string; done: boolean }[] }) =>
    body.steps.filter((s) => s.done).map((s) => s.id);

  it('ticks itself from real data step by step, and is put away only once complete', async () => {
    const school = await api.createSchool('setupschool');
    const as = { tenant: 'setupschool', token: school.ownerToken };
    const read = async () => {
      const res = await api.call('GET', '/api/v1/school/onboarding', as);
      expect(res.status).toBe(200);
      return res.body;
    };
    const start = await read();
    expect(start).toMatchObject({ done: 0, total: 6, complete: false, dismissedAt: null });
    expect(start.steps.map((s: { id: string; path: string }) => [s.id, s.path])).toEqual([
      ['branding', '/admin/branding'],
      ['instructor_hours', '/admin/instructors'],
      ['lesson_types', '/admin/lesson-types'],
      ['locations', '/admin/locations'],
      ['payments', '/admin/packages'],
      ['students', '/admin/students'],
    ]);
    const early = await api.call('POST', '/api/v1/school/onboarding/dismiss', as);
    expect(early.status).toBe(409);
    expect(early.body.remaining).toHaveLength(6);

    expect(
      (await api.call('PATCH', '/api/v1/school', { ...as, body: { branding: { primaryColor: '#7c2d12' } } }))
        .status,
    ).toBe(200);
    expect(ticked(await read())).toEqual(['branding']);

    // An instructor alone is not enough: they need weekly hours.
    const instructor = await api.addPerson(
      'setupschool',
      school.ownerToken,
      'instructors',
      'Setup Instructor',
    );
    expect(ticked(await read())).toEqual(['branding']);
    const hours = await api.call('PUT', `/api/v1/instructors/${instructor.id}/availability`, {
      ...as,
      body: { timezone: 'Europe/London', weekly: [{ day: 'mon', start: '09:00', end: '17:00' }] },
    });
    expect(hours.status).toBe(200);
    expect(ticked(await read())).toEqual(['branding', 'instructor_hours']);

    // A free lesson type is not "prices set".
    const free = await api.call('POST', '/api/v1/lesson-types', {
      ...as,
      body: { name: 'Free chat', durationMinutes: 30, priceMinor: 0 },
    });
    expect(free.status).toBe(201);
    expect(ticked(await read())).not.toContain('lesson_types');
    await api.call('POST', '/api/v1/lesson-types', {
      ...as,
      body: { name: 'Standard lesson', durationMinutes: 60, priceMinor: 3500 },
    });
    await api.call('POST', '/api/v1/locations', {
      ...as,
      body: { kind: 'office', name: 'Office', address: '1 High Street' },
    });
    expect(ticked(await read())).toEqual(['branding', 'instructor_hours', 'lesson_types', 'locations']);

    const pkg = await api.call('POST', '/api/v1/packages', {
      ...as,
      body: { name: 'Ten hours', priceMinor: 30000, creditMinor: 30000 },
    });
    expect(pkg.status).toBe(201);
    await api.addPerson('setupschool', school.ownerToken, 'students', 'Setup Student');
    const full = await read();
    expect(full).toMatchObject({ done: 6, total: 6, complete: true, dismissedAt: null });

    const dismissed = await api.call('POST', '/api/v1/school/onboarding/dismiss', as);
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.dismissedAt).toEqual(expect.any(String));
    expect((await read()).dismissedAt).toBe(dismissed.body.dismissedAt);
  });

  it('leaves out the steps of a module that is off', async () => {
    const school = await api.createSchool('nopayments', { modules: ['scheduling'] });
    const res = await api.call('GET', '/api/v1/school/onboarding', {
      tenant: 'nopayments',
      token: school.ownerToken,
    });
    expect(res.body.total).toBe(5);
    expect(res.body.steps.map((s: { id: string }) => s.id)).not.toContain('payments');
  });

  it('is for the office only: students, instructors, anonymous callers and other schools are refused', async () => {
    const a = await api.createSchool('checka');
    const b = await api.createSchool('checkb');
    const student = await api.addPerson('checka', a.ownerToken, 'students', 'Check Student');
    const instructor = await api.addPerson('checka', a.ownerToken, 'instructors', 'Check Instructor');
    for (const token of [student.token, instructor.token]) {
      expect((await api.call('GET', '/api/v1/school/onboarding', { tenant: 'checka', token })).status).toBe(
        403,
      );
      expect(
        (await api.call('POST', '/api/v1/school/onboarding/dismiss', { tenant: 'checka', token })).status,
      ).toBe(403);
    }
    expect((await api.call('GET', '/api/v1/school/onboarding', { tenant: 'checka' })).status).toBe(401);
    // B's owner naming A is not known there; on B they see B's own (empty) checklist, not A's student.
    expect(
      (await api.call('GET', '/api/v1/school/onboarding', { tenant: 'checka', token: b.ownerToken })).status,
    ).toBeOneOf([401, 403]);
    const own = await api.call('GET', '/api/v1/school/onboarding', { tenant: 'checkb', token: b.ownerToken });
    expect(own.body.steps.find((s: { id: string }) => s.id === 'students').done).toBe(false);
    const theirs = await api.call('GET', '/api/v1/school/onboarding', {
      tenant: 'checka',
      token: a.ownerToken,
    });
    expect(theirs.body.steps.find((s: { id: string }) => s.id === 'students').done).toBe(true);
  });
});
