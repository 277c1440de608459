import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  type TestApi,
} from './scheduling-fixture.ts';

describe('school setup: lesson types, locations, vehicles', () => {
  let api: TestApi;
  let a: SchedulingSchool;
  let b: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    a = await createSchedulingSchool(api, 'setupa');
    b = await createSchedulingSchool(api, 'setupb');
  });
  afterAll(() => api.close());

  it('admins add and change them; everyone at the school can list them', async () => {
    const created = await api.call('POST', '/api/v1/lesson-types', {
      tenant: 'setupa',
      token: a.ownerToken,
      body: { name: 'Motorway lesson', durationMinutes: 120, priceMinor: 9000, bufferAfterMinutes: 15 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Motorway lesson',
      currency: 'GBP',
      transmission: 'any',
      capacity: 1,
      active: true,
    });
    const changed = await api.call('PUT', `/api/v1/lesson-types/${created.body.id}`, {
      tenant: 'setupa',
      token: a.ownerToken,
      body: { name: 'Motorway lesson', durationMinutes: 120, priceMinor: 9500 },
    });
    expect(changed.body.priceMinor).toBe(9500);
    const listed = await api.call('GET', '/api/v1/lesson-types', {
      tenant: 'setupa',
      token: a.students[0].token,
    });
    expect(listed.body.data.map((t: { name: string }) => t.name)).toEqual([
      'Standard lesson',
      'Motorway lesson',
    ]);

    const loc = await api.call('POST', '/api/v1/locations', {
      tenant: 'setupa',
      token: a.ownerToken,
      body: { kind: 'pickup', name: 'Station', address: '1 Station Rd', lat: 51.5, lng: -0.12 },
    });
    expect(loc.status).toBe(201);
    const half = await api.call('POST', '/api/v1/locations', {
      tenant: 'setupa',
      token: a.ownerToken,
      body: { kind: 'pickup', name: 'Half', address: 'x', lat: 51.5 },
    });
    expect(half.status).toBe(400);
    expect(half.body.errors[0].path).toBe('body.lng');
  });

  it('vehicles warn about MOT and insurance expiry; a duplicate registration is 409', async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const past = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const res = await api.call('POST', '/api/v1/vehicles', {
      tenant: 'setupa',
      token: a.ownerToken,
      body: {
        registration: 'AB12 CDE',
        makeModel: 'Ford Fiesta',
        transmission: 'manual',
        motExpiresOn: soon,
        insuranceExpiresOn: past,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([`MOT expires on ${soon}`, `insurance expired on ${past}`]);
    const dup = await api.call('POST', '/api/v1/vehicles', {
      tenant: 'setupa',
      token: a.ownerToken,
      body: { registration: 'AB12 CDE', makeModel: 'Other', transmission: 'automatic' },
    });
    expect(dup.status).toBe(409);
    // The same plate at another school is that school's business.
    const other = await api.call('POST', '/api/v1/vehicles', {
      tenant: 'setupb',
      token: b.ownerToken,
      body: { registration: 'AB12 CDE', makeModel: 'Other', transmission: 'automatic' },
    });
    expect(other.status).toBe(201);
  });

  it('students and instructors cannot change school setup (403)', async () => {
    for (const token of [a.students[0].token, a.instructor.token]) {
      const res = await api.call('POST', '/api/v1/lesson-types', {
        tenant: 'setupa',
        token,
        body: { name: 'Free lessons', durationMinutes: 60, priceMinor: 0 },
      });
      expect(res.status).toBe(403);
    }
  });

  it('tenant A versus tenant B: B neither lists nor changes A’s setup', async () => {
    const listA = await api.call('GET', '/api/v1/lesson-types', { tenant: 'setupa', token: a.ownerToken });
    const id = listA.body.data[0].id;
    const listB = await api.call('GET', '/api/v1/lesson-types', { tenant: 'setupb', token: b.ownerToken });
    expect(listB.body.data.map((t: { id: string }) => t.id)).not.toContain(id);
    const put = await api.call('PUT', `/api/v1/lesson-types/${id}`, {
      tenant: 'setupb',
      token: b.ownerToken,
      body: { name: 'Hijacked', durationMinutes: 60, priceMinor: 1 },
    });
    expect(put.status).toBe(404);
    const still = await api.call('GET', '/api/v1/lesson-types', { tenant: 'setupa', token: a.ownerToken });
    expect(still.body.data[0].name).toBe('Standard lesson');
  });
});
