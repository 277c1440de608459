import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

// The one role table, as clients see it on /auth/me, and the 403s it keeps exactly as they were.
describe('permissions', () => {
  let api: TestApi;
  let ownerToken: string;
  let student: Awaited<ReturnType<TestApi['addPerson']>>;
  let instructor: Awaited<ReturnType<TestApi['addPerson']>>;
  let other: Awaited<ReturnType<TestApi['addPerson']>>;
  beforeAll(async () => {
    api = await createTestApi();
    ({ ownerToken } = await api.createSchool('permsville'));
    student = await api.addPerson('permsville', ownerToken, 'students', 'Pat Student');
    instructor = await api.addPerson('permsville', ownerToken, 'instructors', 'Ida Instructor');
    other = await api.addPerson('permsville', ownerToken, 'instructors', 'Otto Other');
  });
  afterAll(() => api.close());

  const me = async (token: string) => {
    const res = await api.call('GET', '/api/v1/auth/me', { tenant: 'permsville', token });
    expect(res.status).toBe(200);
    return res.body.permissions as string[];
  };

  it('/auth/me lists the owner’s permissions: the office’s `:any` ones', async () => {
    const permissions = await me(ownerToken);
    expect(permissions).toEqual([...permissions].sort());
    expect(permissions).toEqual(
      expect.arrayContaining([
        'tenant:manage',
        'students:read:any',
        'scheduling:booking:read:any',
        'scheduling:policies:manage',
        'payments:refunds:create',
        'payments:reports:read',
      ]),
    );
    expect(permissions.filter((p) => p.endsWith(':own'))).toEqual([]);
  });

  it('/auth/me lists a student’s permissions: their own, nothing of the office', async () => {
    const permissions = await me(student.token);
    expect(permissions).toEqual(
      expect.arrayContaining([
        'students:read:own',
        'instructors:read',
        'scheduling:booking:read:own',
        'scheduling:booking:create:own',
        'payments:invoices:read:own',
      ]),
    );
    for (const office of ['tenant:manage', 'scheduling:booking:read:any', 'payments:reports:read'])
      expect(permissions).not.toContain(office);
  });

  it('office-only operations stay 403 with the same words for a student', async () => {
    const policies = await api.call('PATCH', '/api/v1/scheduling/policies', {
      tenant: 'permsville',
      token: student.token,
      body: { rescheduleLimit: 1 },
    });
    expect(policies.status).toBe(403);
    expect(policies.body).toMatchObject({
      code: 'auth.forbidden',
      detail: 'Only the school’s owner or admins can change policies.',
    });
    const report = await api.call('GET', '/api/v1/reports/revenue?from=2026-01-01&to=2026-01-31', {
      tenant: 'permsville',
      token: student.token,
    });
    expect(report.status).toBe(403);
    expect(report.body).toMatchObject({
      code: 'auth.forbidden',
      detail: 'Only the school’s owner or admins can do this.',
    });
    const people = await api.call('POST', '/api/v1/students', {
      tenant: 'permsville',
      token: student.token,
      body: { name: 'Sneaky Add', email: 'sneaky@permsville.test' },
    });
    expect(people.status).toBe(403);
  });

  it('an instructor changes only their own hours (403 otherwise); the owner anyone’s', async () => {
    const hours = { timezone: 'Europe/London', weekly: [{ day: 'mon', start: '09:00', end: '17:00' }] };
    const own = await api.call('PUT', `/api/v1/instructors/${instructor.id}/availability`, {
      tenant: 'permsville',
      token: instructor.token,
      body: hours,
    });
    expect(own.status).toBe(200);
    const theirs = await api.call('PUT', `/api/v1/instructors/${other.id}/availability`, {
      tenant: 'permsville',
      token: instructor.token,
      body: hours,
    });
    expect(theirs.status).toBe(403);
    expect(theirs.body).toMatchObject({
      code: 'auth.forbidden',
      detail: 'You can only change your own hours.',
    });
    const byOwner = await api.call('PUT', `/api/v1/instructors/${other.id}/availability`, {
      tenant: 'permsville',
      token: ownerToken,
      body: hours,
    });
    expect(byOwner.status).toBe(200);
  });
});
