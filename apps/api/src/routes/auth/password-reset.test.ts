import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('password reset by emailed link', () => {
  let api: TestApi;
  let student: Awaited<ReturnType<TestApi['addPerson']>>;
  beforeAll(async () => {
    api = await createTestApi();
    const school = await api.createSchool('resetschool');
    await api.createSchool('otherreset');
    student = await api.addPerson('resetschool', school.ownerToken, 'students', 'Rita Reset');
  });
  afterAll(() => api.close());

  const request = (email: string, tenant = 'resetschool') =>
    api.call('POST', '/api/v1/auth/password-reset', {
      tenant,
      body: { email, resetUrl: `http://${tenant}.localhost:3001/reset-password` },
    });
  const mailbox = async () =>
    (await api.call('GET', '/api/v1/platform/mailbox', { token: await api.operatorToken() })).body.data as {
      to: string;
      text: string;
    }[];
  const confirm = (token: string, password: string, tenant = 'resetschool') =>
    api.call('POST', '/api/v1/auth/password-reset/confirm', { tenant, body: { token, password } });

  it('answers the same for unknown addresses (and sends nothing), mails a link for a real one', async () => {
    const before = (await mailbox()).length;
    const unknown = await request('nobody@resetschool.test');
    expect(unknown.status).toBe(202);
    expect((await mailbox()).length).toBe(before);
    const known = await request(student.email);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    const [mail] = await mailbox();
    expect(mail!.to).toBe(student.email);
    expect(mail!.text).toContain('http://resetschool.localhost:3001/reset-password?token=');
  });

  it('sets the new password once: old sessions end, the old password fails, the link cannot be reused', async () => {
    await request(student.email);
    const [mail] = await mailbox();
    const token = new URL(mail!.text.match(/https?:\/\/\S+/)![0]).searchParams.get('token')!;
    expect((await confirm(token, 'new-password-456', 'otherreset')).status).toBe(400);
    expect((await confirm(token, 'short')).status).toBe(400);
    expect((await confirm(token, 'new-password-456')).status).toBe(204);
    expect(
      (await api.call('GET', '/api/v1/auth/me', { tenant: 'resetschool', token: student.token })).status,
    ).toBe(401);
    const oldLogin = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'resetschool',
      body: { email: student.email, password: student.password },
    });
    expect(oldLogin.status).toBe(401);
    expect(await api.login('resetschool', student.email, 'new-password-456')).toMatch(/^[a-z0-9]+$/);
    const reuse = await confirm(token, 'another-password-789');
    expect(reuse.status).toBe(400);
    expect(reuse.body.errors[0].path).toBe('body.token');
  });

  it('refuses a reset page on another host', async () => {
    const res = await api.call('POST', '/api/v1/auth/password-reset', {
      tenant: 'resetschool',
      body: { email: student.email, resetUrl: 'https://phish.example/reset' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.resetUrl');
  });
});
