import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('the school profile and the caller’s own records', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('GET /api/v1/school answers the host’s school without sign-in, and 404 for an unknown one', async () => {
    await api.createSchool('profileschool', { timezone: 'America/Chicago', currency: 'USD' });
    await api.tdb.platformDb
      .sql`update tenants set branding = '{"primaryColor":"#0a7d4f"}'::jsonb where slug = 'profileschool'`;
    const res = await api.call('GET', '/api/v1/school', { tenant: 'profileschool' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      slug: 'profileschool',
      name: 'profileschool Driving School',
      timezone: 'America/Chicago',
      currency: 'USD',
      branding: { primaryColor: '#0a7d4f' },
    });
    expect(res.body.modules).toContain('payments');
    expect((await api.call('GET', '/api/v1/school', { tenant: 'nosuchschool' })).status).toBe(404);
  });

  it('GET /auth/me names the caller’s own student or instructor record', async () => {
    const school = await api.createSchool('meschool');
    const student = await api.addPerson('meschool', school.ownerToken, 'students', 'Stu Dent');
    const instructor = await api.addPerson('meschool', school.ownerToken, 'instructors', 'Ins Tructor');
    const asStudent = await api.call('GET', '/api/v1/auth/me', { tenant: 'meschool', token: student.token });
    expect(asStudent.body).toMatchObject({ studentId: student.id, instructorId: null });
    const asInstructor = await api.call('GET', '/api/v1/auth/me', {
      tenant: 'meschool',
      token: instructor.token,
    });
    expect(asInstructor.body).toMatchObject({ studentId: null, instructorId: instructor.id });
    const asOwner = await api.call('GET', '/api/v1/auth/me', {
      tenant: 'meschool',
      token: school.ownerToken,
    });
    expect(asOwner.body).toMatchObject({ studentId: null, instructorId: null, user: { roles: ['owner'] } });
  });

  it('PATCH /api/v1/school: owners restyle their school; a colour too light for white text and students are refused', async () => {
    const school = await api.createSchool('brandschool');
    const student = await api.addPerson('brandschool', school.ownerToken, 'students', 'Bea Student');
    const patch = (token: string, body: unknown) =>
      api.call('PATCH', '/api/v1/school', { tenant: 'brandschool', token, body });
    const ok = await patch(school.ownerToken, {
      name: 'Brand New Driving',
      branding: { primaryColor: '#7c2d12' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Brand New Driving', branding: { primaryColor: '#7c2d12' } });
    expect((await api.call('GET', '/api/v1/school', { tenant: 'brandschool' })).body.name).toBe(
      'Brand New Driving',
    );
    const light = await patch(school.ownerToken, { branding: { primaryColor: '#ffff00' } });
    expect(light.status).toBe(400);
    expect(light.body.errors[0].path).toBe('body.branding.primaryColor');
    expect((await patch(student.token, { name: 'Mine now' })).status).toBe(403);
    expect((await patch(school.ownerToken, { branding: { primaryColor: 'blue' } })).body.errors[0].path).toBe(
      'body.branding.primaryColor',
    );
  });

  it('PATCH /api/v1/school selfSignup: a school closes online sign-up (refused at once) and opens it again', async () => {
    const school = await api.createSchool('closedschool');
    const other = await api.createSchool('openschool');
    const signup = (tenant: string, email: string) =>
      api.call('POST', '/api/v1/auth/signup', {
        tenant,
        body: {
          name: 'New Learner',
          email,
          password: 'a-long-enough-password',
          verifyUrl: `http://${tenant}.localhost/verify-email`,
        },
      });
    expect((await api.call('GET', '/api/v1/school', { tenant: 'closedschool' })).body.selfSignup).toBe(true);
    const closed = await api.call('PATCH', '/api/v1/school', {
      tenant: 'closedschool',
      token: school.ownerToken,
      body: { selfSignup: false },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.selfSignup).toBe(false);
    expect((await api.call('GET', '/api/v1/school', { tenant: 'closedschool' })).body.selfSignup).toBe(false);
    expect((await signup('closedschool', 'first@learner.test')).status).toBe(403);
    // Branding and the other school are untouched.
    expect((await api.call('GET', '/api/v1/school', { tenant: 'openschool' })).body.selfSignup).toBe(true);
    expect((await signup('openschool', 'first@learner.test')).status).toBe(201);
    // An owner of another school cannot close this one's (their token is not valid here).
    const foreign = await api.call('PATCH', '/api/v1/school', {
      tenant: 'closedschool',
      token: other.ownerToken,
      body: { selfSignup: true },
    });
    expect(foreign.status).toBe(401);
    const bad = await api.call('PATCH', '/api/v1/school', {
      tenant: 'closedschool',
      token: school.ownerToken,
      body: { selfSignup: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.selfSignup');
    const reopened = await api.call('PATCH', '/api/v1/school', {
      tenant: 'closedschool',
      token: school.ownerToken,
      body: { selfSignup: true },
    });
    expect(reopened.body.selfSignup).toBe(true);
    expect((await signup('closedschool', 'second@learner.test')).status).toBe(201);
  });
});
