import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

/** Every client mistake gets the right 4xx as problem+json, and never a 500. */
describe('bad input', () => {
  let api: TestApi;
  let ownerToken: string;
  beforeAll(async () => {
    api = await createTestApi({ env: { BODY_LIMIT_BYTES: '4096' } });
    ownerToken = (await api.createSchool('inputschool')).ownerToken;
  });
  afterAll(() => api.close());

  const expectProblem = (
    res: { status: number; contentType: string; body: any },
    status: number,
    code?: string,
  ) => {
    expect(res.status).toBe(status);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status,
      type: expect.stringContaining('https://'),
      title: expect.any(String),
    });
    if (code) expect(res.body.code).toBe(code);
  };

  it('malformed JSON → 400', async () => {
    const res = await api.call('POST', '/api/v1/students', {
      tenant: 'inputschool',
      token: ownerToken,
      rawBody: '{"name": "x",',
    });
    expectProblem(res, 400, 'request.malformed');
  });

  it('wrong types → 400 with the field paths', async () => {
    const res = await api.call('POST', '/api/v1/students', {
      tenant: 'inputschool',
      token: ownerToken,
      body: { name: 42, email: ['a'], password: true },
    });
    expectProblem(res, 400, 'request.validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.email',
      'body.name',
      'body.password',
    ]);
  });

  it('unknown fields → 400 naming each one', async () => {
    const res = await api.call('POST', '/api/v1/students', {
      tenant: 'inputschool',
      token: ownerToken,
      body: { name: 'Ok', email: 'ok@x.test', isAdmin: true, role: 'owner' },
    });
    expectProblem(res, 400, 'request.validation_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.isAdmin', message: 'unknown field' },
        { path: 'body.role', message: 'unknown field' },
      ]),
    );
  });

  it('a JSON array or string instead of an object → 400', async () => {
    for (const raw of ['[]', '"text"', 'null', '12']) {
      const res = await api.call('POST', '/api/v1/auth/login', { tenant: 'inputschool', rawBody: raw });
      expectProblem(res, 400);
    }
  });

  it('oversize body → 413', async () => {
    const res = await api.call('POST', '/api/v1/students', {
      tenant: 'inputschool',
      token: ownerToken,
      body: { name: 'x'.repeat(10_000), email: 'big@x.test' },
    });
    expectProblem(res, 413, 'request.too_large');
  });

  it('a body that is not JSON → 415', async () => {
    const res = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'inputschool',
      rawBody: 'email=a@b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, 'request.unsupported_media_type');
  });

  it('unknown tenant → 404; no tenant named → 400', async () => {
    expectProblem(
      await api.call('POST', '/api/v1/auth/login', {
        tenant: 'ghost',
        body: { email: 'a@b.test', password: 'x' },
      }),
      404,
      'tenant.not_found',
    );
    expectProblem(
      await api.call('GET', '/api/v1/auth/me', { headers: { host: 'unknown-school.localhost' } }),
      404,
      'tenant.not_found',
    );
    expectProblem(
      await api.call('POST', '/api/v1/auth/login', { body: { email: 'a@b.test', password: 'x' } }),
      400,
      'tenant.missing',
    );
    expectProblem(
      await api.call('GET', '/api/v1/students', { headers: { host: 'localhost:3000' } }),
      400,
      'tenant.missing',
    );
  });

  it('missing or bogus auth → 401', async () => {
    expectProblem(
      await api.call('GET', '/api/v1/students', { tenant: 'inputschool' }),
      401,
      'auth.unauthenticated',
    );
    expectProblem(
      await api.call('GET', '/api/v1/students', { tenant: 'inputschool', token: 'a'.repeat(32) }),
      401,
    );
    expectProblem(
      await api.call('GET', '/api/v1/students', {
        tenant: 'inputschool',
        headers: { authorization: 'Basic Zm9vOmJhcg==' },
      }),
      401,
    );
    const res = await api.call('GET', '/api/v1/students', { tenant: 'inputschool' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('bad query values → 400; unknown routes → 404; all problem+json', async () => {
    const q = await api.call('GET', '/api/v1/students?limit=5000', {
      tenant: 'inputschool',
      token: ownerToken,
    });
    expectProblem(q, 400, 'request.validation_failed');
    expect(q.body.errors[0].path).toBe('query.limit');
    expectProblem(
      await api.call('GET', '/api/v1/nothing-here', { tenant: 'inputschool', token: ownerToken }),
      404,
      'request.not_found',
    );
  });

  it('a known path with a method it does not take → 405 with Allow, not 404', async () => {
    const list = await api.call('DELETE', '/api/v1/students', { tenant: 'inputschool', token: ownerToken });
    expectProblem(list, 405, 'request.method_not_allowed');
    expect(list.headers.get('allow')).toBe('GET, HEAD, POST');
    const one = await api.call(
      'DELETE',
      '/api/v1/students/0190b6c4-0000-7000-8000-000000000000/instructors',
      {
        tenant: 'inputschool',
        token: ownerToken,
      },
    );
    expectProblem(one, 405, 'request.method_not_allowed');
    expect(one.headers.get('allow')).toBe('GET, HEAD, PUT');
    // A literal path is not also its parameterised sibling (`/payment-methods/:id` takes DELETE).
    const setup = await api.call('DELETE', '/api/v1/payment-methods/setup', {
      tenant: 'inputschool',
      token: ownerToken,
    });
    expectProblem(setup, 405, 'request.method_not_allowed');
    expect(setup.headers.get('allow')).toBe('POST');
    // Unknown paths stay 404, whatever the method.
    expectProblem(
      await api.call('PUT', '/api/v1/nothing-here', { tenant: 'inputschool', token: ownerToken }),
      404,
      'request.not_found',
    );
  });

  it('a hostile idempotency key is a 400, not a crash', async () => {
    const res = await api.call('POST', '/api/v1/students', {
      tenant: 'inputschool',
      token: ownerToken,
      body: { name: 'K', email: 'k@x.test' },
      headers: { 'idempotency-key': "'; drop table users; --" },
    });
    expectProblem(res, 400, 'request.invalid_idempotency_key');
  });

  it('a flood of random bodies never produces a 5xx', async () => {
    const bodies = [
      '',
      '{',
      '{}',
      '{"email":null}',
      '{"email":"a@b.c","password":""}',
      '\u0000',
      '{"__proto__":{"x":1}}',
      'x'.repeat(5000),
    ];
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/students',
      '/api/v1/platform/tenants',
      '/api/v1/platform/login',
    ]) {
      for (const raw of bodies) {
        const res = await api.call('POST', path, { tenant: 'inputschool', token: ownerToken, rawBody: raw });
        expect(res.status, `${path} ${JSON.stringify(raw.slice(0, 20))}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${JSON.stringify(raw.slice(0, 20))}`).toBeLessThan(500);
      }
    }
  });
});
