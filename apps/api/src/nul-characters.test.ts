import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL typed into any text field used to reach the
 * database and fail there as a 500. The check lives once in createRouter's validation: every
 * route, core or module, answers 400 naming the field, and nothing is written.
 */
describe('a NUL character in any text field', () => {
  let api: TestApi;
  let owner: string;
  let student: string;
  let instructorId: string;
  let studentId: string;
  const school = 'nulschool';
  const anyId = '01900000-0000-7000-8000-000000000000';
  const NUL = 'bad\u0000text';

  beforeAll(async () => {
    api = await createTestApi();
    owner = (await api.createSchool(school)).ownerToken;
    const s = await api.addPerson(school, owner, 'students', 'Nul Student');
    student = s.token;
    studentId = s.id;
    instructorId = (await api.addPerson(school, owner, 'instructors', 'Nul Instructor')).id;
  });
  afterAll(() => api.close());

  type Case = {
    name: string;
    method: string;
    path: () => string;
    as: 'owner' | 'student' | 'anonymous' | 'operator';
    body?: unknown;
    field: string;
  };
  const cases: Case[] = [
    {
      name: 'sign-up name',
      method: 'POST',
      path: () => '/api/v1/auth/signup',
      as: 'anonymous',
      body: {
        name: NUL,
        email: 'nul@x.test',
        password: 'long-enough-password',
        verifyUrl: `http://${school}.localhost/verify`,
      },
      field: 'body.name',
    },
    {
      name: 'own name change (student)',
      method: 'PATCH',
      path: () => '/api/v1/auth/me',
      as: 'student',
      body: { name: NUL },
      field: 'body.name',
    },
    {
      name: 'student name',
      method: 'POST',
      path: () => '/api/v1/students',
      as: 'owner',
      body: { name: NUL, email: 'n1@x.test' },
      field: 'body.name',
    },
    {
      name: 'instructor name',
      method: 'POST',
      path: () => '/api/v1/instructors',
      as: 'owner',
      body: { name: NUL, email: 'n2@x.test' },
      field: 'body.name',
    },
    {
      name: 'school name',
      method: 'PATCH',
      path: () => '/api/v1/school',
      as: 'owner',
      body: { name: NUL },
      field: 'body.name',
    },
    {
      name: 'instructor languages (inside an array)',
      method: 'PATCH',
      path: () => `/api/v1/instructors/${instructorId}`,
      as: 'owner',
      body: { languages: ['en', NUL] },
      field: 'body.languages.1',
    },
    {
      name: 'lesson type name',
      method: 'POST',
      path: () => '/api/v1/lesson-types',
      as: 'owner',
      body: { name: NUL, durationMinutes: 60, priceMinor: 3000 },
      field: 'body.name',
    },
    {
      name: 'location address',
      method: 'POST',
      path: () => '/api/v1/locations',
      as: 'owner',
      body: { kind: 'pickup', name: 'Station', address: NUL },
      field: 'body.address',
    },
    {
      name: 'vehicle make and model',
      method: 'POST',
      path: () => '/api/v1/vehicles',
      as: 'owner',
      body: { registration: 'AB12 CDE', makeModel: NUL, transmission: 'manual' },
      field: 'body.makeModel',
    },
    {
      name: 'package name',
      method: 'POST',
      path: () => '/api/v1/packages',
      as: 'owner',
      body: { name: NUL, priceMinor: 10000, creditMinor: 10000 },
      field: 'body.name',
    },
    {
      name: 'package description (PATCH)',
      method: 'PATCH',
      path: () => `/api/v1/packages/${anyId}`,
      as: 'owner',
      body: { description: NUL },
      field: 'body.description',
    },
    {
      name: 'time-off reason',
      method: 'POST',
      path: () => `/api/v1/instructors/${instructorId}/exceptions`,
      as: 'owner',
      body: { kind: 'time_off', start: '2031-01-06T09:00:00Z', end: '2031-01-06T12:00:00Z', reason: NUL },
      field: 'body.reason',
    },
    {
      name: 'cancellation reason',
      method: 'POST',
      path: () => `/api/v1/bookings/${anyId}/cancel`,
      as: 'student',
      body: { reason: NUL },
      field: 'body.reason',
    },
    {
      name: 'credit adjustment reason',
      method: 'POST',
      path: () => `/api/v1/students/${studentId}/credit/adjustments`,
      as: 'owner',
      body: { amountMinor: 500, reason: NUL },
      field: 'body.reason',
    },
    {
      name: 'a query parameter',
      method: 'GET',
      path: () => '/api/v1/students?cursor=a%00b',
      as: 'owner',
      field: 'query.cursor',
    },
    {
      name: 'a new school’s name (operator)',
      method: 'POST',
      path: () => '/api/v1/platform/tenants',
      as: 'operator',
      body: {
        slug: 'nulnew',
        name: NUL,
        timezone: 'Europe/London',
        currency: 'GBP',
        owner: { email: 'o@nulnew.test', name: 'Owner', password: 'nulnew-owner-password' },
      },
      field: 'body.name',
    },
  ];

  const writes = async () => {
    const [audit] = await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from audit_logs`;
    const [mail] = await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from dev_mailbox`;
    const [tenants] = await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from tenants`;
    return { audit: audit!.n, mail: mail!.n, tenants: tenants!.n };
  };

  it.each(cases)('$name → 400 naming $field, nothing written', async ({ method, path, as, body, field }) => {
    const before = await writes();
    const token =
      as === 'owner'
        ? owner
        : as === 'student'
          ? student
          : as === 'operator'
            ? await api.operatorToken()
            : undefined;
    const res = await api.call(method, path(), {
      ...(as === 'operator' ? {} : { tenant: school }),
      ...(token ? { token } : {}),
      ...(body !== undefined ? { body } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('request.nul_character');
    expect(res.body.errors).toEqual([{ path: field, message: expect.stringContaining('NUL') }]);
    expect(await writes()).toEqual(before);
  });
});
