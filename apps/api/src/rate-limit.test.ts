import { RATE_LIMITS } from '@dualcontrol/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

const SECRET = 'portal-api-secret-for-tests-0123456789';
/** The budgets as shipped: these tests run at scale 1 (the harness raises it everywhere else). */
const REAL_LIMITS = { RATE_LIMIT_SCALE: '1', PORTAL_API_SECRET: SECRET };
/** A browser's address, named by the portal as it does in production. */
const from = (address: string) => ({ 'x-portal-secret': SECRET, 'x-client-address': address });

const signup = (api: TestApi, school: string, n: string, address: string) =>
  api.call('POST', '/api/v1/auth/signup', {
    tenant: school,
    headers: from(address),
    body: {
      name: `Signer ${n}`,
      email: `signer.${n}@${school}.test`,
      password: 'a-long-enough-password',
      verifyUrl: `http://${school}.localhost:3001/verify-email`,
    },
  });

describe('rate limits (PostgreSQL-backed, one budget table)', () => {
  let api: TestApi;
  let ownerToken: string;
  const school = 'limitschool';
  beforeAll(async () => {
    api = await createTestApi({ env: REAL_LIMITS });
    ownerToken = (await api.createSchool(school)).ownerToken;
  });
  afterAll(() => api.close());

  it('sign-up: limited per address, 429 problem+json with Retry-After and RateLimit-* headers', async () => {
    const { limit } = RATE_LIMITS['auth.signup'];
    for (let i = 0; i < limit; i += 1) {
      const res = await signup(api, school, `a${i}`, '203.0.113.10');
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.headers.get('ratelimit-limit')).toBe(String(limit));
      expect(res.headers.get('ratelimit-remaining')).toBe(String(limit - i - 1));
    }
    const refused = await signup(api, school, 'a-extra', '203.0.113.10');
    expect(refused.status).toBe(429);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.code).toBe('request.rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS['auth.signup'].windowSeconds);
    expect(refused.headers.get('ratelimit-limit')).toBe(String(limit));
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBe(retryAfter);
    // Refused before the handler: no account was made.
    const [row] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from users where email = ${`signer.a-extra@${school}.test`}`;
    expect(row!.n).toBe(0);
    // Another browser behind the same portal still signs up.
    expect((await signup(api, school, 'b0', '203.0.113.11')).status).toBe(201);
  });

  it('password reset: one inbox gets at most its budget of mails, however many addresses ask', async () => {
    const target = await api.addPerson(school, ownerToken, 'students', 'Flooded Inbox');
    const answers = [];
    for (let i = 0; i < 20; i += 1) {
      answers.push(
        await api.call('POST', '/api/v1/auth/password-reset', {
          tenant: school,
          headers: from(`198.51.100.${i}`),
          body: {
            email: target.email.toUpperCase(),
            resetUrl: `http://${school}.localhost:3001/reset-password`,
          },
        }),
      );
    }
    const { limit } = RATE_LIMITS['auth.password-reset.target'];
    expect(answers.filter((a) => a.status === 202)).toHaveLength(limit);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(20 - limit);
    const [mails] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from dev_mailbox where "to" = ${target.email}`;
    expect(mails!.n).toBe(limit);
  });

  it('password reset: one address asking for many inboxes is limited too', async () => {
    const { limit } = RATE_LIMITS['auth.password-reset'];
    const ask = (i: number) =>
      api.call('POST', '/api/v1/auth/password-reset', {
        tenant: school,
        headers: from('192.0.2.77'),
        body: {
          email: `someone${i}@${school}.test`,
          resetUrl: `http://${school}.localhost:3001/reset-password`,
        },
      });
    for (let i = 0; i < limit; i += 1) expect((await ask(i)).status).toBe(202);
    expect((await ask(limit)).status).toBe(429);
  });

  it('a signed-in student’s writes spend their own budget, not a colleague’s; the window resets', async () => {
    const alice = await api.addPerson(school, ownerToken, 'students', 'Alice Budget');
    const bob = await api.addPerson(school, ownerToken, 'students', 'Bob Budget');
    const write = (token: string) =>
      api.call('PUT', '/api/v1/auth/me/preferences', {
        tenant: school,
        token,
        body: { locale: null, timezone: null },
      });
    const { limit, windowSeconds } = RATE_LIMITS['student.write'];
    expect(limit).toBeLessThan(RATE_LIMITS['staff.write'].limit);
    for (let i = 0; i < limit; i += 1) expect((await write(alice.token)).status).toBe(200);
    const refused = await write(alice.token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(windowSeconds);
    // Bob, and the owner, are untouched; Alice can still read.
    expect((await write(bob.token)).status).toBe(200);
    expect((await write(ownerToken)).status).toBe(200);
    const read = await api.call('GET', '/api/v1/auth/me', { tenant: school, token: alice.token });
    expect(read.status).toBe(200);
    expect(read.headers.get('ratelimit-limit')).toBe(String(RATE_LIMITS['user.read'].limit));
    // The window ends (moved into the past rather than waited for): Alice writes again.
    await api.tdb.owner`update rate_limit_counters set reset_at = now() - interval '1 second'
      where key = ${`student.write:u:${alice.userId}`}`;
    const again = await write(alice.token);
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe(String(limit - 1));
  });
});

describe('rate limits across API processes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ processes: 2, env: REAL_LIMITS });
    await api.createSchool('limitprocs');
  });
  afterAll(() => api.close());

  it('two processes spend one budget', async () => {
    const { limit } = RATE_LIMITS['auth.signup'];
    const pids = new Set<string>();
    for (let i = 0; i < limit; i += 1) {
      const res = await signup(api, 'limitprocs', `p${i}`, '203.0.113.20');
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      pids.add(res.headers.get('x-api-pid')!);
    }
    expect(pids.size).toBe(2);
    for (let i = 0; i < 2; i += 1)
      expect((await signup(api, 'limitprocs', `p-extra${i}`, '203.0.113.20')).status).toBe(429);
  });
});
