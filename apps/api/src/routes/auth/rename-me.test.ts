import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('PATCH /api/v1/auth/me (a person changes their own name)', () => {
  let api: TestApi;
  let ownerToken: string;
  beforeAll(async () => {
    api = await createTestApi();
    ownerToken = (await api.createSchool('renamenorth')).ownerToken;
    await api.createSchool('renamesouth');
  });
  afterAll(() => api.close());

  const nameOf = async (tenant: string, token: string) =>
    (await api.call('GET', '/api/v1/auth/me', { tenant, token })).body.user.name as string;

  it('changes only the caller’s own name; the school’s student list shows it', async () => {
    const ann = await api.addPerson('renamenorth', ownerToken, 'students', 'Ann Before');
    const bob = await api.addPerson('renamenorth', ownerToken, 'students', 'Bob Bystander');
    const res = await api.call('PATCH', '/api/v1/auth/me', {
      tenant: 'renamenorth',
      token: ann.token,
      body: { name: '  Ann After  ' },
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: ann.userId, name: 'Ann After', roles: ['student'] });
    expect(await nameOf('renamenorth', ann.token)).toBe('Ann After');
    expect(await nameOf('renamenorth', bob.token)).toBe('Bob Bystander');
    const list = await api.call('GET', '/api/v1/students?limit=100', {
      tenant: 'renamenorth',
      token: ownerToken,
    });
    expect(list.body.data.map((s: { name: string }) => s.name).sort()).toEqual([
      'Ann After',
      'Bob Bystander',
    ]);
  });

  it('refuses a blank or unknown field with the field at fault, and changes nothing', async () => {
    const cat = await api.addPerson('renamenorth', ownerToken, 'students', 'Cat Careful');
    for (const body of [{ name: ' ' }, { name: 'Cat', email: 'x@y.test' }]) {
      const res = await api.call('PATCH', '/api/v1/auth/me', {
        tenant: 'renamenorth',
        token: cat.token,
        body,
      });
      expect(res.status).toBe(400);
    }
    const blank = await api.call('PATCH', '/api/v1/auth/me', {
      tenant: 'renamenorth',
      token: cat.token,
      body: { name: 'x' },
    });
    expect(blank.body.errors).toEqual([{ path: 'body.name', message: 'at least 2 characters' }]);
    expect(await nameOf('renamenorth', cat.token)).toBe('Cat Careful');
  });

  it('needs a session of this school: none is 401, another school’s token is refused', async () => {
    const dan = await api.addPerson('renamenorth', ownerToken, 'students', 'Dan Guarded');
    const anonymous = await api.call('PATCH', '/api/v1/auth/me', {
      tenant: 'renamenorth',
      body: { name: 'Hacker' },
    });
    expect(anonymous.status).toBe(401);
    const elsewhere = await api.call('PATCH', '/api/v1/auth/me', {
      tenant: 'renamesouth',
      token: dan.token,
      body: { name: 'Hacker' },
    });
    expect(elsewhere.status).toBe(401);
    expect(await nameOf('renamenorth', dan.token)).toBe('Dan Guarded');
  });
});
