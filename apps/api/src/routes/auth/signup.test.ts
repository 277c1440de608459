import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('student self sign-up and email verification', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    await api.createSchool('openschool');
    await api.createSchool('closedschool');
    await api.tdb.platformDb
      .sql`update tenants set policies = '{"selfSignup": false}'::jsonb where slug = 'closedschool'`;
  });
  afterAll(() => api.close());

  const signup = (tenant: string, body: Record<string, unknown>) =>
    api.call('POST', '/api/v1/auth/signup', {
      tenant,
      body: {
        name: 'Nia New',
        email: 'nia@example.test',
        password: 'nia-password-123',
        verifyUrl: `http://${tenant}.localhost:3001/verify-email`,
        ...body,
      },
    });
  const operatorMail = async () =>
    (await api.call('GET', '/api/v1/platform/mailbox', { token: await api.operatorToken() })).body.data as {
      to: string;
      subject: string;
      text: string;
    }[];

  it('signs the student up and in, and mails a link to this school’s page that verifies the address once', async () => {
    const res = await signup('openschool', {});
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'nia@example.test', roles: ['student'] });
    const me = await api.call('GET', '/api/v1/auth/me', { tenant: 'openschool', token: res.body.token });
    expect(me.body.studentId).toMatch(/^[0-9a-f-]{36}$/);

    const [mail] = await operatorMail();
    expect(mail).toMatchObject({
      to: 'nia@example.test',
      subject: 'Confirm your email for openschool Driving School',
    });
    const link = new URL(mail!.text.match(/https?:\/\/\S+/)![0]);
    expect(link.host).toBe('openschool.localhost:3001');
    const token = link.searchParams.get('token')!;

    // The link is this school's: elsewhere, or altered, it verifies nothing.
    expect(
      (await api.call('POST', '/api/v1/auth/verify-email', { tenant: 'closedschool', body: { token } }))
        .status,
    ).toBe(400);
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect(
      (await api.call('POST', '/api/v1/auth/verify-email', { tenant: 'openschool', body: { token: forged } }))
        .status,
    ).toBe(400);
    const ok = await api.call('POST', '/api/v1/auth/verify-email', { tenant: 'openschool', body: { token } });
    expect(ok.body).toEqual({ verified: true });
    const [row] = await api.tdb.owner<{ email_verified_at: Date | null }[]>`
      select email_verified_at from users where email = 'nia@example.test'`;
    expect(row!.email_verified_at).not.toBeNull();
  });

  it('refuses a taken email (409), a school that takes no sign-ups (403), a link to another host (400), bad fields (400)', async () => {
    expect((await signup('openschool', {})).status).toBe(409);
    expect((await signup('closedschool', { email: 'x@example.test' })).status).toBe(403);
    const elsewhere = await signup('openschool', {
      email: 'y@example.test',
      verifyUrl: 'https://evil.example/verify',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors[0].path).toBe('body.verifyUrl');
    const bad = await signup('openschool', { email: 'not-an-email', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.email',
      'body.password',
    ]);
    const count = await api.tdb.owner<
      { n: number }[]
    >`select count(*)::int as n from users where email in ('x@example.test', 'y@example.test')`;
    expect(count[0]!.n).toBe(0);
  });
});
