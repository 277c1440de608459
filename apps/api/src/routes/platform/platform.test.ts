import { oneRow } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, OPERATOR, type TestApi } from '../../testing/test-api.ts';

const owner = { email: 'Owner@Hillside.test', name: 'Hana Hill', password: 'hillside-owner-pass' };

describe('platform operations', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await createTestApi();
    token = await api.operatorToken();
  });
  afterAll(() => api.close());

  it('operator login gives a token; a wrong password is a 401 problem', async () => {
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const bad = await api.call('POST', '/api/v1/platform/login', {
      body: { ...OPERATOR, password: 'wrong-password' },
    });
    expect(bad.status).toBe(401);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ status: 401, code: 'auth.invalid_credentials' });
  });

  it('creates a school with its owner and modules (201), exactly as the contract says', async () => {
    const res = await api.call('POST', '/api/v1/platform/tenants', {
      token,
      body: {
        slug: 'hillside',
        name: 'Hillside Driving',
        timezone: 'Europe/London',
        currency: 'GBP',
        locale: 'en-GB',
        modules: ['scheduling', 'payments'],
        owner,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slug: 'hillside',
      name: 'Hillside Driving',
      timezone: 'Europe/London',
      currency: 'GBP',
      modules: ['payments', 'scheduling'],
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // UUIDv7
    // The owner can sign in at the new school straight away (email matched case-insensitively).
    const login = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'hillside',
      body: { email: 'owner@hillside.test', password: owner.password },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.roles).toEqual(['owner']);
  });

  it('409 when the slug is taken, and nothing half-written', async () => {
    const res = await api.call('POST', '/api/v1/platform/tenants', {
      token,
      body: {
        slug: 'hillside',
        name: 'Other',
        timezone: 'UTC',
        currency: 'USD',
        owner: { ...owner, email: 'x@y.test' },
      },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'tenant.slug_taken', errors: [{ path: 'body.slug' }] });
    const { n } = await oneRow(api.tdb.owner`select count(*)::int as n from users where email = 'x@y.test'`);
    expect(n).toBe(0);
  });

  it('409 when a requested module misses its dependency', async () => {
    const res = await api.call('POST', '/api/v1/platform/tenants', {
      token,
      body: { slug: 'paysonly', name: 'P', timezone: 'UTC', currency: 'USD', modules: ['payments'], owner },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'modules.dependency_disabled',
      module: 'payments',
      missing: ['scheduling'],
    });
    const { n } = await oneRow(api.tdb.owner`select count(*)::int as n from tenants where slug = 'paysonly'`);
    expect(n).toBe(0);
  });

  it('rejects invalid fields with every field named', async () => {
    const res = await api.call('POST', '/api/v1/platform/tenants', {
      token,
      body: {
        slug: 'Bad Slug',
        name: '',
        timezone: 'Mars/Olympus',
        currency: 'XYZ',
        locale: 'not a locale!',
        owner: { email: 'no', name: 'n', password: 'short' },
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(
      [
        'body.currency',
        'body.locale',
        'body.name',
        'body.owner.email',
        'body.owner.password',
        'body.slug',
        'body.timezone',
      ].sort(),
    );
  });

  it('lists schools with cursor pagination and search', async () => {
    for (const slug of ['alpha', 'bravo', 'charlie']) {
      const r = await api.call('POST', '/api/v1/platform/tenants', {
        token,
        body: {
          slug,
          name: `${slug} school`,
          timezone: 'America/Chicago',
          currency: 'USD',
          owner: { ...owner, email: `o@${slug}.test` },
        },
      });
      expect(r.status).toBe(201);
    }
    const first = await api.call('GET', '/api/v1/platform/tenants?limit=2', { token });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.call('GET', `/api/v1/platform/tenants?limit=2&cursor=${first.body.nextCursor}`, {
      token,
    });
    const slugs = [...first.body.data, ...second.body.data].map((t: { slug: string }) => t.slug);
    expect(slugs).toEqual(['hillside', 'alpha', 'bravo', 'charlie']);
    expect(second.body.nextCursor).toBeNull();
    const search = await api.call('GET', '/api/v1/platform/tenants?q=brav', { token });
    expect(search.body.data.map((t: { slug: string }) => t.slug)).toEqual(['bravo']);
    const badCursor = await api.call('GET', '/api/v1/platform/tenants?cursor=nonsense', { token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].path).toBe('query.cursor');
  });

  it('toggles modules, refusing to strand a dependency (409) and naming unknown ones (404)', async () => {
    const off = await api.call('PUT', '/api/v1/platform/tenants/hillside/modules/scheduling', {
      token,
      body: { enabled: false },
    });
    expect(off.status).toBe(409);
    expect(off.body).toMatchObject({ code: 'modules.required_by_enabled', dependants: ['payments'] });

    const payOff = await api.call('PUT', '/api/v1/platform/tenants/hillside/modules/payments', {
      token,
      body: { enabled: false },
    });
    expect(payOff.status).toBe(200);
    expect(payOff.body.modules).toEqual(['scheduling']);
    const schedOff = await api.call('PUT', '/api/v1/platform/tenants/hillside/modules/scheduling', {
      token,
      body: { enabled: false },
    });
    expect(schedOff.body.modules).toEqual([]);

    const payOn = await api.call('PUT', '/api/v1/platform/tenants/hillside/modules/payments', {
      token,
      body: { enabled: true },
    });
    expect(payOn.status).toBe(409);
    expect(payOn.body).toMatchObject({ code: 'modules.dependency_disabled', missing: ['scheduling'] });

    const unknown = await api.call('PUT', '/api/v1/platform/tenants/hillside/modules/teleport', {
      token,
      body: { enabled: true },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'modules.unknown', module: 'teleport' });
    const noSchool = await api.call('PUT', '/api/v1/platform/tenants/nowhere/modules/crm', {
      token,
      body: { enabled: true },
    });
    expect(noSchool.status).toBe(404);
    expect(noSchool.body.code).toBe('tenant.not_found');
  });

  it('every platform operation needs an operator (a school owner token is refused)', async () => {
    const schoolToken = await api.login('hillside', owner.email, owner.password);
    for (const [method, path, body] of [
      ['GET', '/api/v1/platform/tenants', undefined],
      [
        'POST',
        '/api/v1/platform/tenants',
        { slug: 'zzz', name: 'z', timezone: 'UTC', currency: 'USD', owner },
      ],
      ['PUT', '/api/v1/platform/tenants/hillside/modules/crm', { enabled: false }],
      ['GET', '/api/v1/platform/outbox', undefined],
      ['POST', '/api/v1/platform/outbox/0190a5b0-0000-7000-8000-000000000000/retry', undefined],
    ] as const) {
      for (const t of [undefined, schoolToken]) {
        const res = await api.call(method, path, { ...(t ? { token: t } : {}), ...(body ? { body } : {}) });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.contentType).toContain('application/problem+json');
      }
    }
  });

  it('shows operators the outbox backlog and dead letters, and sends a dead letter round again', async () => {
    const { id: tenantId } = await oneRow(api.tdb.owner`select id from tenants where slug = 'hillside'`);
    const { id } = await oneRow(api.tdb.owner`
      insert into outbox_events (tenant_id, type, payload, attempts, last_error, dead_at)
      values (${tenantId}, 'booking.requested', '{"note":"private"}', 10, 'handler exploded', now())
      returning id`);
    const health = await api.call('GET', '/api/v1/platform/outbox', { token });
    expect(health.status).toBe(200);
    expect(health.body.pending).toEqual({ count: expect.any(Number), oldestAgeSeconds: expect.any(Number) });
    expect(health.body.dead).toContainEqual(
      expect.objectContaining({
        id,
        tenant: 'hillside',
        type: 'booking.requested',
        attempts: 10,
        lastError: 'handler exploded',
      }),
    );
    expect(JSON.stringify(health.body)).not.toContain('private');

    expect((await api.call('POST', `/api/v1/platform/outbox/${id}/retry`, { token })).status).toBe(204);
    const row = await oneRow(api.tdb.owner`select attempts, dead_at from outbox_events where id = ${id}`);
    expect(row).toEqual({ attempts: 0, dead_at: null });
    // Not dead any more: a second retry is a 404 problem; a malformed id a 400 naming it.
    const again = await api.call('POST', `/api/v1/platform/outbox/${id}/retry`, { token });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('outbox.not_dead');
    const bad = await api.call('POST', '/api/v1/platform/outbox/not-a-uuid/retry', { token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('id');
  });

  it('operator logout revokes the token at once', async () => {
    const t = await api.operatorToken();
    expect((await api.call('POST', '/api/v1/platform/logout', { token: t })).status).toBe(204);
    expect((await api.call('GET', '/api/v1/platform/tenants', { token: t })).status).toBe(401);
  });
});
