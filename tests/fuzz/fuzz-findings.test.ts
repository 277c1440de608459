import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../scheduling/scheduling-fixture.ts';

/**
 * What schemathesis found, replayed as plain requests so each stays fixed even if a later fuzz
 * budget no longer happens to generate it.
 */
describe('schemathesis findings', () => {
  let api: TestApi;
  let owner: string;
  let instructorId: string;
  const slug = 'fuzzfound';
  beforeAll(async () => {
    api = await createTestApi();
    owner = (await api.createSchool(slug)).ownerToken;
    instructorId = (await api.addPerson(slug, owner, 'instructors', 'Ian Fuzz')).id;
  });
  afterAll(() => api.close());

  // The schemas took any NNNN-NN-NN; PostgreSQL then refused "3286-40-75" and the API answered 500.
  it.each(['3286-40-75', '0000-00-00', '2027-02-29', '0000-01-01'])(
    'refuses the vehicle date %s with a 400',
    async (day) => {
      const res = await api.call('POST', '/api/v1/vehicles', {
        tenant: slug,
        token: owner,
        body: { registration: 'AB12 CDE', makeModel: 'Fiesta', transmission: 'manual', motExpiresOn: day },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('body.motExpiresOn');
    },
  );

  it.each(['0113-22-60', '2027-02-29', '0000-01-01'])(
    'refuses the availability date %s with a 400',
    async (day) => {
      const res = await api.call('PUT', `/api/v1/instructors/${instructorId}/availability`, {
        tenant: slug,
        token: owner,
        body: {
          timezone: 'Europe/London',
          weekly: [{ day: 'mon', start: '09:00', end: '17:00', validFrom: day }],
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('body.weekly.0.validFrom');
    },
  );

  // The handler answers 404 for an unknown instructor; the document must say it can.
  it('declares the 404 POST /payouts answers for an unknown instructor', async () => {
    const res = await api.call('POST', '/api/v1/payouts', {
      tenant: slug,
      token: owner,
      body: { instructorId: '01a24d97-eb04-76d5-88b2-ded8e8fd9711', from: '2026-01-01', to: '2026-01-31' },
    });
    expect(res.status).toBe(404);
    const doc = (await api.call('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/payouts'].post.responses)).toContain('404');
  });
});
