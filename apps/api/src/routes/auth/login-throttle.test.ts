import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

const SECRET = 'portal-api-secret-for-tests-0123456789';

/**
 * The sign-in throttle counts atomically (a burst of guesses cannot outrun it) and keys on the
 * browser's address, which only the portal may name (with the shared secret): one portal
 * address no longer locks every school's users out together.
 */
describe('sign-in throttle', () => {
  let api: TestApi;
  let ownerToken: string;
  const school = 'throttleschool';
  beforeAll(async () => {
    api = await createTestApi({ env: { PORTAL_API_SECRET: SECRET } });
    ownerToken = (await api.createSchool(school)).ownerToken;
  });
  afterAll(() => api.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    api.call('POST', '/api/v1/auth/login', { tenant: school, body: { email, password }, headers });
  const fromBrowser = (address: string, secret = SECRET) => ({
    'x-portal-secret': secret,
    'x-client-address': address,
  });

  it('200 parallel wrong passwords: at most 5 (the per-account limit) are checked, the rest refused before', async () => {
    await api.addPerson(school, ownerToken, 'students', 'Burst Target');
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        // Many addresses, so only the account's own limit applies.
        login('burst.target@throttleschool.test', 'wrong-password', fromBrowser(`198.51.100.${i % 250}`)),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // A 401 means the password was checked; a 429 means it was refused before the hash.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(195);
  });

  it('browsers behind the portal are throttled each on their own address', async () => {
    const me = await api.addPerson(school, ownerToken, 'students', 'Innocent Bystander');
    for (let i = 0; i < 30; i += 1) {
      const res = await login(`guess${i}@throttleschool.test`, 'guess-password', fromBrowser('203.0.113.66'));
      expect(res.status).toBe(401);
    }
    const attacker = await login(
      'innocent.bystander@throttleschool.test',
      me.password,
      fromBrowser('203.0.113.66'),
    );
    expect(attacker.status).toBe(429);
    const someoneElse = await login(
      'innocent.bystander@throttleschool.test',
      me.password,
      fromBrowser('203.0.113.67'),
    );
    expect(someoneElse.status).toBe(200);
  });

  it('X-Client-Address without the secret (or with a wrong one) is ignored: the caller’s own address counts', async () => {
    const me = await api.addPerson(school, ownerToken, 'students', 'Spoof Victim');
    for (let i = 0; i < 30; i += 1) {
      // A fresh "address" each time, as an attacker dodging the throttle would send.
      const headers =
        i % 2
          ? { 'x-client-address': `192.0.2.${i}` }
          : fromBrowser(`192.0.2.${i}`, 'not-the-portal-secret-0123456789abc');
      const res = await login(`spoof${i}@throttleschool.test`, 'guess-password', headers);
      expect(res.status).toBe(401);
    }
    // All thirty counted against the real (in-process: 'unknown') address, which is now refused.
    const res = await login('spoof.victim@throttleschool.test', me.password, {
      'x-client-address': '192.0.2.200',
    });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('auth.too_many_attempts');
  });
});
