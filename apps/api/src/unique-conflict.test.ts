import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

/**
 * A write that runs into a unique index (schemathesis renamed a package to another's name) used
 * to surface as a 500; every such case is the client's conflict with what exists.
 */
describe('a write that would duplicate something unique', () => {
  let api: TestApi;
  let owner: string;
  const school = 'uniqueschool';
  beforeAll(async () => {
    api = await createTestApi();
    owner = (await api.createSchool(school)).ownerToken;
  });
  afterAll(() => api.close());

  it('renaming a package to another package’s name → 409 problem, and the package keeps its name', async () => {
    const create = (name: string) =>
      api.call('POST', '/api/v1/packages', {
        tenant: school,
        token: owner,
        body: { name, priceMinor: 30000, creditMinor: 30000 },
      });
    const ten = await create('Ten hours');
    const five = await create('Five hours');
    expect([ten.status, five.status]).toEqual([201, 201]);
    const res = await api.call('PATCH', `/api/v1/packages/${five.body.id}`, {
      tenant: school,
      token: owner,
      body: { name: 'Ten hours' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('request.already_exists');
    const list = await api.call('GET', '/api/v1/packages', { tenant: school, token: owner });
    expect(list.body.data.map((p: { name: string }) => p.name).sort()).toEqual(['Five hours', 'Ten hours']);
  });
});
