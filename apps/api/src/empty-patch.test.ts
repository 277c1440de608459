import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

/**
 * A PATCH that names no field used to reach an update with nothing to set and fail as a 500
 * (PATCH /school, PATCH /packages/{id}). createRouter answers every such PATCH with one 400.
 */
describe('a PATCH that changes nothing', () => {
  let api: TestApi;
  let owner: string;
  let packageId: string;
  let instructorId: string;
  const school = 'emptypatch';

  beforeAll(async () => {
    api = await createTestApi();
    owner = (await api.createSchool(school)).ownerToken;
    instructorId = (await api.addPerson(school, owner, 'instructors', 'Patch Instructor')).id;
    const pkg = await api.call('POST', '/api/v1/packages', {
      tenant: school,
      token: owner,
      body: { name: 'Ten hours', priceMinor: 30000, creditMinor: 30000 },
    });
    expect(pkg.status, JSON.stringify(pkg.body)).toBe(201);
    packageId = pkg.body.id;
  });
  afterAll(() => api.close());

  it.each([
    ['/api/v1/school'],
    ['/api/v1/packages/{package}'],
    ['/api/v1/instructors/{instructor}'],
    ['/api/v1/scheduling/policies'],
    ['/api/v1/payments/settings'],
  ])('PATCH %s with {} → 400 request.empty_patch', async (template) => {
    const path = template.replace('{package}', packageId).replace('{instructor}', instructorId);
    const res = await api.call('PATCH', path, { tenant: school, token: owner, body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'request.empty_patch',
      errors: [{ path: 'body', message: expect.any(String) }],
    });
  });

  it('a PATCH that names a field still works', async () => {
    const res = await api.call('PATCH', `/api/v1/packages/${packageId}`, {
      tenant: school,
      token: owner,
      body: { name: 'Eleven hours' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.name).toBe('Eleven hours');
  });

  it.each([
    ['PATCH', '/api/v1/instructors/{instructor}'],
    ['PATCH', '/api/v1/scheduling/policies'],
    ['PATCH', '/api/v1/payments/settings'],
    ['POST', '/api/v1/packages'],
  ])('%s %s with no body at all → 400 request.body_required (not read as {})', async (method, template) => {
    const path = template.replace('{instructor}', instructorId);
    const res = await api.call(method, path, { tenant: school, token: owner });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.body_required', errors: [{ path: 'body' }] });
  });
});
