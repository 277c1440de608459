import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

/**
 * The API as `npm start` runs it: two processes behind one port (node:cluster). What a request
 * needs must not live in one process's memory, or the other process would not see it.
 */
describe('two API processes', () => {
  let api: TestApi;
  let school: Awaited<ReturnType<TestApi['createSchool']>>;
  beforeAll(async () => {
    api = await createTestApi({ processes: 2 });
    school = await api.createSchool('twoproc');
  });
  afterAll(() => api?.close());

  it('spread calls over both processes', async () => {
    const pids = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const res = await api.call('GET', '/api/v1/auth/me', { tenant: 'twoproc', token: school.ownerToken });
      expect(res.status).toBe(200);
      pids.add(res.headers.get('x-api-pid')!);
    }
    expect(pids.size).toBe(2);
  });

  it('the login throttle counts failures across both: the sixth try is refused whichever answers', async () => {
    const student = await api.addPerson('twoproc', school.ownerToken, 'students', 'Tina Twoproc');
    const body = { email: 'tina.twoproc@twoproc.test', password: 'wrong-password' };
    const pids = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const res = await api.call('POST', '/api/v1/auth/login', { tenant: 'twoproc', body });
      expect(res.status).toBe(401);
      pids.add(res.headers.get('x-api-pid')!);
    }
    // Round robin: each process saw only some of the five failures, yet both refuse now.
    expect(pids.size).toBe(2);
    for (let i = 0; i < 2; i += 1) {
      const blocked = await api.call('POST', '/api/v1/auth/login', {
        tenant: 'twoproc',
        body: { ...body, password: student.password },
      });
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('auth.too_many_attempts');
    }
  });

  it('a module switched off through one process is off in the other at once', async () => {
    const ops = await api.operatorToken();
    const path = '/api/v1/payments/settings';
    expect((await api.call('GET', path, { tenant: 'twoproc', token: school.ownerToken })).status).toBe(200);
    const off = await api.call('PUT', '/api/v1/platform/tenants/twoproc/modules/payments', {
      token: ops,
      body: { enabled: false },
    });
    expect(off.status).toBeLessThan(300);
    for (let i = 0; i < 4; i += 1) {
      const res = await api.call('GET', path, { tenant: 'twoproc', token: school.ownerToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('modules.disabled');
    }
  });

  it('mail sent by either process is in the one development mailbox', async () => {
    const ops = await api.operatorToken();
    for (let i = 0; i < 2; i += 1) {
      const res = await api.call('POST', '/api/v1/auth/password-reset', {
        tenant: 'twoproc',
        body: { email: school.owner.email, resetUrl: 'http://twoproc.localhost:3001/reset-password' },
      });
      expect(res.status).toBe(202);
    }
    const box = await api.call('GET', '/api/v1/platform/mailbox', { token: ops });
    expect(box.body.data.filter((m: { to: string }) => m.to === school.owner.email)).toHaveLength(2);
  });
});
