import { createModuleRegistry } from '@dualcontrol/platform';
import { productModules } from '@dualcontrol/product';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

describe('module gate', () => {
  let api: TestApi;
  let school: Awaited<ReturnType<TestApi['createSchool']>>;
  let operator: string;
  beforeAll(async () => {
    api = await createTestApi();
    school = await api.createSchool('gated', { modules: ['scheduling', 'messaging'] });
    operator = await api.operatorToken();
  });
  afterAll(() => api.close());

  it('an enabled module answers; disabled, its routes are a 404 problem naming it; re-enabled, back', async () => {
    const get = () => api.call('GET', '/api/v1/bookings', { tenant: 'gated', token: school.ownerToken });
    expect((await get()).body).toEqual({ data: [], nextCursor: null });

    const off = await api.call('PUT', '/api/v1/platform/tenants/gated/modules/scheduling', {
      token: operator,
      body: { enabled: false },
    });
    expect(off.status).toBe(200);
    const gated = await get();
    expect(gated.status).toBe(404);
    expect(gated.contentType).toContain('application/problem+json');
    expect(gated.body).toMatchObject({ code: 'modules.disabled', module: 'scheduling' });
    expect(gated.body.detail).toContain('scheduling');

    // Core routes sharing the /api/v1 prefix are not caught by the module's gate.
    expect(
      (await api.call('GET', '/api/v1/students', { tenant: 'gated', token: school.ownerToken })).status,
    ).toBe(200);

    await api.call('PUT', '/api/v1/platform/tenants/gated/modules/scheduling', {
      token: operator,
      body: { enabled: true },
    });
    expect((await get()).status).toBe(200);
  });

  it('the gate is per operation: an off module’s /instructors operations are 404, core /instructors still answers', async () => {
    const instructor = await api.addPerson('gated', school.ownerToken, 'instructors', 'Gate Keeper');
    const availability = `/api/v1/instructors/${instructor.id}/availability`;
    const owner = { tenant: 'gated', token: school.ownerToken };
    expect((await api.call('GET', availability, owner)).status).toBe(200);

    await api.call('PUT', '/api/v1/platform/tenants/gated/modules/scheduling', {
      token: operator,
      body: { enabled: false },
    });
    const gated = await api.call('GET', availability, owner);
    expect(gated.status).toBe(404);
    expect(gated.body).toMatchObject({ code: 'modules.disabled', module: 'scheduling' });
    // Same /api/v1/instructors prefix, core route: not the module's to close.
    const core = await api.call('GET', '/api/v1/instructors', owner);
    expect(core.status).toBe(200);
    expect(core.body.data.map((i: { id: string }) => i.id)).toContain(instructor.id);
    // The gate runs before the session check: an anonymous caller learns the module is off, nothing more.
    expect((await api.call('GET', availability, { tenant: 'gated' })).body.code).toBe('modules.disabled');

    await api.call('PUT', '/api/v1/platform/tenants/gated/modules/scheduling', {
      token: operator,
      body: { enabled: true },
    });
  });

  it('a secured module operation refuses an anonymous caller before validating its input', async () => {
    const anonymous = await api.call('POST', '/api/v1/bookings', {
      tenant: 'gated',
      body: { nonsense: true },
    });
    expect(anonymous.status).toBe(401);
    const signedIn = await api.call('POST', '/api/v1/bookings', {
      tenant: 'gated',
      token: school.ownerToken,
      body: { nonsense: true },
    });
    expect(signedIn.status).toBe(400);
  });

  it('enabling a module whose dependency is off is refused with 409', async () => {
    const res = await api.call('PUT', '/api/v1/platform/tenants/gated/modules/lessons', {
      token: operator,
      body: { enabled: true },
    });
    expect(res.status).toBe(200); // scheduling is on
    await api.call('PUT', '/api/v1/platform/tenants/gated/modules/lessons', {
      token: operator,
      body: { enabled: false },
    });
    await api.call('PUT', '/api/v1/platform/tenants/gated/modules/scheduling', {
      token: operator,
      body: { enabled: false },
    });
    const refused = await api.call('PUT', '/api/v1/platform/tenants/gated/modules/payments', {
      token: operator,
      body: { enabled: true },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'modules.dependency_disabled', missing: ['scheduling'] });
  });

  it('the registry refuses a broken dependency graph at boot', () => {
    expect(() =>
      createModuleRegistry([{ id: 'lessons', title: 'L', version: '1', dependsOn: ['scheduling'] }]),
    ).toThrow(/depends on "scheduling"/);
    expect(() =>
      createModuleRegistry([
        { id: 'crm', title: 'C', version: '1', dependsOn: ['analytics'] },
        { id: 'analytics', title: 'A', version: '1', dependsOn: ['crm'] },
      ]),
    ).toThrow(/cycle/);
    expect(() => createModuleRegistry([...productModules, productModules[0]!])).toThrow(/twice/);
  });
});
