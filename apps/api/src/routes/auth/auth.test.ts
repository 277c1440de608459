import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('auth', () => {
  let api: TestApi;
  let school: Awaited<ReturnType<TestApi['createSchool']>>;
  beforeAll(async () => {
    api = await createTestApi({ env: { TRUST_PROXY: 'true' } });
    school = await api.createSchool('northfield');
    await api.createSchool('southfield');
  });
  afterAll(() => api.close());

  const creds = () => ({ email: school.owner.email, password: school.owner.password });

  it('login answers token, user and an HttpOnly SameSite=Lax session cookie', async () => {
    const res = await api.call('POST', '/api/v1/auth/login', { tenant: 'northfield', body: creds() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      token: expect.stringMatching(/^[a-z2-7]{32}$/),
      user: {
        id: expect.any(String),
        email: 'owner@northfield.test',
        name: 'northfield owner',
        roles: ['owner'],
      },
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`dc_session=${res.body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // Only the SHA-256 of the token is stored.
    const rows = await api.tdb.owner`select id from user_sessions where id = ${res.body.token}`;
    expect(rows).toHaveLength(0);
  });

  it('a wrong password or unknown email is the same 401 problem', async () => {
    for (const body of [
      { ...creds(), password: 'not-the-password' },
      { email: 'nobody@northfield.test', password: 'whatever-password' },
    ]) {
      const res = await api.call('POST', '/api/v1/auth/login', {
        tenant: 'northfield',
        body,
        headers: { 'x-forwarded-for': '10.0.0.1' },
      });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        code: 'auth.invalid_credentials',
        detail: 'The email or password is not correct.',
      });
    }
  });

  it('me works with the Bearer token and with the cookie; 401 without either', async () => {
    const token = await api.login('northfield', creds().email, creds().password);
    const bearer = await api.call('GET', '/api/v1/auth/me', { tenant: 'northfield', token });
    expect(bearer.status).toBe(200);
    expect(bearer.body.user.email).toBe('owner@northfield.test');
    const viaCookie = await api.call('GET', '/api/v1/auth/me', {
      tenant: 'northfield',
      headers: { cookie: `dc_session=${token}` },
    });
    expect(viaCookie.status).toBe(200);
    const none = await api.call('GET', '/api/v1/auth/me', { tenant: 'northfield' });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('auth.unauthenticated');
  });

  it('logout revokes the token at once', async () => {
    const token = await api.login('northfield', creds().email, creds().password);
    expect((await api.call('POST', '/api/v1/auth/logout', { tenant: 'northfield', token })).status).toBe(204);
    expect((await api.call('GET', '/api/v1/auth/me', { tenant: 'northfield', token })).status).toBe(401);
  });

  it('an expired session is refused; a session in its second half slides forward', async () => {
    const expired = await api.login('northfield', creds().email, creds().password);
    const sliding = await api.login('northfield', creds().email, creds().password);
    const { sessionIdFromToken } = await import('@dualcontrol/platform');
    await api.tdb
      .owner`update user_sessions set expires_at = now() - interval '1 second' where id = ${sessionIdFromToken(expired)}`;
    await api.tdb
      .owner`update user_sessions set expires_at = now() + interval '2 days' where id = ${sessionIdFromToken(sliding)}`;
    expect((await api.call('GET', '/api/v1/auth/me', { tenant: 'northfield', token: expired })).status).toBe(
      401,
    );
    expect((await api.call('GET', '/api/v1/auth/me', { tenant: 'northfield', token: sliding })).status).toBe(
      200,
    );
    const [row] = await api.tdb
      .owner`select expires_at from user_sessions where id = ${sessionIdFromToken(sliding)}`;
    expect(row!.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it('a token from one school is refused at another', async () => {
    const token = await api.login('northfield', creds().email, creds().password);
    const res = await api.call('GET', '/api/v1/auth/me', { tenant: 'southfield', token });
    expect(res.status).toBe(401);
    const byHost = await api.call('GET', '/api/v1/auth/me', {
      token,
      headers: { host: 'southfield.localhost:3000' },
    });
    expect(byHost.status).toBe(401);
    const ownHost = await api.call('GET', '/api/v1/auth/me', {
      token,
      headers: { host: 'northfield.localhost:3000' },
    });
    expect(ownHost.status).toBe(200);
  });

  it('throttles repeated failures per account (429 + Retry-After), even with the right password', async () => {
    const student = await api.addPerson('northfield', school.ownerToken, 'students', 'Tess Throttle');
    const body = { email: 'tess.throttle@northfield.test', password: 'wrong-password' };
    for (let i = 0; i < 5; i += 1) {
      const res = await api.call('POST', '/api/v1/auth/login', {
        tenant: 'northfield',
        body,
        headers: { 'x-forwarded-for': `10.1.0.${i}` },
      });
      expect(res.status).toBe(401);
    }
    const blocked = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'northfield',
      body: { ...body, password: student.password },
      headers: { 'x-forwarded-for': '10.1.0.99' },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.code).toBe('auth.too_many_attempts');
  });

  it('throttles repeated failures per client address across accounts', async () => {
    for (let i = 0; i < 30; i += 1) {
      await api.call('POST', '/api/v1/auth/login', {
        tenant: 'northfield',
        body: { email: `guess${i}@northfield.test`, password: 'guess-password' },
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
    }
    const res = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'northfield',
      body: creds(),
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.status).toBe(429);
    const elsewhere = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'northfield',
      body: creds(),
      headers: { 'x-forwarded-for': '203.0.113.8' },
    });
    expect(elsewhere.status).toBe(200);
  });

  it('changing the password revokes every other session and keeps this one', async () => {
    const student = await api.addPerson('northfield', school.ownerToken, 'students', 'Paula Pass');
    const other = await api.login('northfield', 'paula.pass@northfield.test', student.password);
    const res = await api.call('POST', '/api/v1/auth/password', {
      tenant: 'northfield',
      token: student.token,
      body: { currentPassword: student.password, newPassword: 'a-brand-new-password' },
    });
    expect(res.status).toBe(204);
    expect((await api.call('GET', '/api/v1/auth/me', { tenant: 'northfield', token: other })).status).toBe(
      401,
    );
    expect(
      (await api.call('GET', '/api/v1/auth/me', { tenant: 'northfield', token: student.token })).status,
    ).toBe(200);
    await expect(api.login('northfield', 'paula.pass@northfield.test', student.password)).rejects.toThrow(
      /401/,
    );
    expect(await api.login('northfield', 'paula.pass@northfield.test', 'a-brand-new-password')).toEqual(
      expect.any(String),
    );
    const wrong = await api.call('POST', '/api/v1/auth/password', {
      tenant: 'northfield',
      token: student.token,
      body: { currentPassword: 'not-it-at-all', newPassword: 'another-new-password' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ path: 'body.currentPassword', message: 'not correct' }]);
  });

  it('cookie-authenticated writes need a same-site Origin (CSRF); Bearer writes do not', async () => {
    const token = await api.login('northfield', creds().email, creds().password);
    const body = { name: 'Csrf Test', email: 'csrf@northfield.test' };
    const cookie = { cookie: `dc_session=${token}`, host: 'northfield.localhost:3000' };
    const forged = await api.call('POST', '/api/v1/students', {
      body,
      headers: { ...cookie, origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('auth.csrf_rejected');
    const missing = await api.call('POST', '/api/v1/students', { body, headers: cookie });
    expect(missing.status).toBe(403);
    const ok = await api.call('POST', '/api/v1/students', {
      body,
      headers: { ...cookie, origin: 'http://northfield.localhost:3001' },
    });
    expect(ok.status).toBe(201);
    const bearer = await api.call('POST', '/api/v1/students', {
      tenant: 'northfield',
      token,
      body: { ...body, email: 'csrf2@northfield.test' },
    });
    expect(bearer.status).toBe(201);
  });

  it('logs never contain passwords or tokens', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('@dualcontrol/platform');
    const log = createLogger('debug', {}, (l) => lines.push(l));
    log.info('login attempt', {
      body: { email: 'a@b.c', password: 'hunter2-secret' },
      headers: { authorization: 'Bearer abc' },
      token: 'xyz',
    });
    expect(lines[0]).not.toMatch(/hunter2|Bearer abc|xyz/);
    expect(lines[0]).toContain('a@b.c');
  });
});
