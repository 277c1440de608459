import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('PUT /api/v1/auth/me/preferences (a person keeps their own language and time zone)', () => {
  let api: TestApi;
  let ownerToken: string;
  let southOwnerToken: string;
  beforeAll(async () => {
    api = await createTestApi();
    ownerToken = (await api.createSchool('prefnorth')).ownerToken;
    southOwnerToken = (await api.createSchool('prefsouth')).ownerToken;
  });
  afterAll(() => api.close());

  const NONE = { locale: null, timezone: null };

  const me = async (token: string, tenant = 'prefnorth') => {
    const res = await api.call('GET', '/api/v1/auth/me', { tenant, token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const put = (token: string | undefined, body: unknown, tenant = 'prefnorth') =>
    api.call('PUT', '/api/v1/auth/me/preferences', { tenant, body, ...(token ? { token } : {}) });

  it('starts with none: /auth/me shows nulls beside the user and their records', async () => {
    const ann = await api.addPerson('prefnorth', ownerToken, 'students', 'Ann Fresh');
    const body = await me(ann.token);
    expect(body).toEqual({
      user: expect.objectContaining({ id: ann.userId, name: 'Ann Fresh', roles: ['student'] }),
      studentId: ann.id,
      instructorId: null,
      preferences: NONE,
      // What the role table grants a student (auth/permissions.test.ts checks them in detail).
      permissions: expect.arrayContaining(['students:read:own']),
    });
  });

  it('saves the caller’s own choices; /auth/me shows them and another person still has none', async () => {
    const bea = await api.addPerson('prefnorth', ownerToken, 'students', 'Bea Chooser');
    const bystander = await api.addPerson('prefnorth', ownerToken, 'instructors', 'Cal Bystander');
    const saved = await put(bea.token, { locale: 'en-US', timezone: 'America/New_York' });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ preferences: { locale: 'en-US', timezone: 'America/New_York' } });
    expect((await me(bea.token)).preferences).toEqual({ locale: 'en-US', timezone: 'America/New_York' });
    expect((await me(bystander.token)).preferences).toEqual(NONE);
    expect((await me(ownerToken)).preferences).toEqual(NONE);
  });

  it('creates the row when there is none (a student who signed themselves up before rows were made)', async () => {
    const signup = await api.call('POST', '/api/v1/auth/signup', {
      tenant: 'prefnorth',
      body: {
        name: 'Sid Selfmade',
        email: 'sid@prefnorth.test',
        password: 'sid-password-123',
        verifyUrl: 'http://prefnorth.localhost:3001/verify-email',
      },
    });
    expect(signup.status).toBe(201);
    const { token, user } = signup.body;
    await api.tdb.platformDb.sql`delete from user_preferences where user_id = ${user.id}`;
    expect((await me(token)).preferences).toEqual(NONE);
    const saved = await put(token, { locale: 'en-GB', timezone: 'Europe/Dublin' });
    expect(saved.status).toBe(200);
    expect((await me(token)).preferences).toEqual({ locale: 'en-GB', timezone: 'Europe/Dublin' });
    const [row] = await api.tdb.platformDb
      .sql`select count(*)::int as n from user_preferences where user_id = ${user.id}`;
    expect(row).toEqual({ n: 1 });
  });

  it('refuses bad input with a problem naming the field, and changes nothing', async () => {
    const dee = await api.addPerson('prefnorth', ownerToken, 'students', 'Dee Careful');
    const before = { locale: 'en-US', timezone: 'America/New_York' };
    expect((await put(dee.token, before)).status).toBe(200);

    const mars = await put(dee.token, { timezone: 'Mars/Olympus', locale: 'en-GB' });
    expect(mars.status).toBe(400);
    expect(mars.contentType).toContain('application/problem+json');
    expect(mars.body.errors).toEqual([{ path: 'body.timezone', message: expect.any(String) }]);

    const french = await put(dee.token, { locale: 'fr-FR', timezone: 'Europe/Paris' });
    expect(french.status).toBe(400);
    expect(french.contentType).toContain('application/problem+json');
    expect(french.body.errors).toEqual([
      { path: 'body.locale', message: expect.stringMatching(/en-GB, en-US/) },
    ]);

    const notATag = await put(dee.token, { locale: 'not a locale!', timezone: null });
    expect(notATag.status).toBe(400);
    expect(notATag.body.errors).toEqual([{ path: 'body.locale', message: expect.any(String) }]);

    const extra = await put(dee.token, { locale: 'en-GB', timezone: 'Europe/London', theme: 'dark' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([{ path: 'body.theme', message: 'unknown field' }]);

    const missing = await put(dee.token, { locale: 'en-GB' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.timezone']);

    expect((await me(dee.token)).preferences).toEqual(before);
  });

  it('stores a supported language in its canonical spelling', async () => {
    const eve = await api.addPerson('prefnorth', ownerToken, 'students', 'Eve Lowercase');
    const saved = await put(eve.token, { locale: 'en-us', timezone: 'UTC' });
    expect(saved.status).toBe(200);
    expect(saved.body.preferences).toEqual({ locale: 'en-US', timezone: 'UTC' });
  });

  it('null resets to the school’s', async () => {
    const fay = await api.addPerson('prefnorth', ownerToken, 'students', 'Fay Resetter');
    expect((await put(fay.token, { locale: 'en-US', timezone: 'America/Chicago' })).status).toBe(200);
    const reset = await put(fay.token, NONE);
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ preferences: NONE });
    expect((await me(fay.token)).preferences).toEqual(NONE);
  });

  it('needs a session of this school: none is 401, another school’s token is 401, nothing changes', async () => {
    const gus = await api.addPerson('prefnorth', ownerToken, 'students', 'Gus Guarded');
    const anonymous = await put(undefined, { locale: 'en-US', timezone: 'America/New_York' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');

    // A person of the other school, their token sent to this school's host.
    const outsider = await api.addPerson('prefsouth', southOwnerToken, 'students', 'Gus Guarded');
    const elsewhere = await put(outsider.token, { locale: 'en-US', timezone: 'America/New_York' });
    expect(elsewhere.status).toBe(401);
    const meElsewhere = await api.call('GET', '/api/v1/auth/me', {
      tenant: 'prefnorth',
      token: outsider.token,
    });
    expect(meElsewhere.status).toBe(401);

    expect((await me(gus.token)).preferences).toEqual(NONE);
    expect((await me(outsider.token, 'prefsouth')).preferences).toEqual(NONE);
  });
});
