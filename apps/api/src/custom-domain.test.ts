import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

describe('tenant resolution by custom domain', () => {
  let api: TestApi;
  let school: Awaited<ReturnType<TestApi['createSchool']>>;
  beforeAll(async () => {
    api = await createTestApi();
    school = await api.createSchool('domainschool');
    await api.createSchool('otherdomain');
    await api.tdb.platformDb.sql`insert into tenant_domains (tenant_id, domain, verified_at)
      values (${school.tenant.id}, 'book.domainschool.example', now())`;
  });
  afterAll(() => api.close());

  it("a school's own domain resolves to it; its token works there and nowhere else", async () => {
    const me = await api.call('GET', '/api/v1/auth/me', {
      token: school.ownerToken,
      headers: { host: 'Book.DomainSchool.example' },
    });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(school.owner.email);
    const other = await api.call('GET', '/api/v1/auth/me', {
      token: school.ownerToken,
      headers: { host: 'otherdomain.localhost' },
    });
    expect(other.status).toBe(401);
    const unknown = await api.call('GET', '/api/v1/auth/me', {
      token: school.ownerToken,
      headers: { host: 'book.unknown.example' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('tenant.not_found');
  });

  it('a suspended school answers 403 to everyone', async () => {
    await api.tdb.platformDb.sql`update tenants set status = 'suspended' where slug = 'otherdomain'`;
    api.deps.tenantCache.clear(); // written behind the API's back, as another replica would
    const res = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'otherdomain',
      body: { email: 'a@b.test', password: 'x' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('tenant.suspended');
  });
});
