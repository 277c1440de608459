import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('student invitations', () => {
  let api: TestApi;
  let a: Awaited<ReturnType<TestApi['createSchool']>>;
  let b: Awaited<ReturnType<TestApi['createSchool']>>;
  let invited: { id: string; email: string };
  const setPasswordUrl = 'http://inviteschool.localhost:3001/reset-password';
  beforeAll(async () => {
    api = await createTestApi();
    a = await api.createSchool('inviteschool');
    b = await api.createSchool('otherinvite');
    const res = await api.call('POST', '/api/v1/students', {
      tenant: 'inviteschool',
      token: a.ownerToken,
      body: { name: 'Ines Invited', email: 'ines@inviteschool.test' },
    });
    expect(res.status).toBe(201);
    invited = res.body;
  });
  afterAll(() => api.close());

  const invite = (id: string, token: string, tenant = 'inviteschool', url = setPasswordUrl) =>
    api.call('POST', `/api/v1/students/${id}/invitation`, { tenant, token, body: { setPasswordUrl: url } });
  const mailTo = async (email: string) =>
    (
      (await api.call('GET', '/api/v1/platform/mailbox', { token: await api.operatorToken() })).body.data as {
        to: string;
        text: string;
        subject: string;
      }[]
    ).filter((m) => m.to === email);
  const confirm = (token: string, password: string) =>
    api.call('POST', '/api/v1/auth/password-reset/confirm', {
      tenant: 'inviteschool',
      body: { token, password },
    });

  it('mails a link on the school’s host; the link sets the password once and the student signs in', async () => {
    const res = await invite(invited.id, a.ownerToken);
    expect(res.status).toBe(202);
    expect(res.body.sentTo).toBe('ines@inviteschool.test');
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3_600_000);
    const [mail] = await mailTo(invited.email);
    expect(mail!.subject).toContain('inviteschool Driving School');
    const link = mail!.text.match(/https?:\/\/\S+/)![0];
    expect(link).toMatch(/^http:\/\/inviteschool\.localhost:3001\/reset-password\?token=/);
    const token = new URL(link).searchParams.get('token')!;
    expect((await confirm(token, 'ines-chosen-password')).status).toBe(204);
    expect(await api.login('inviteschool', invited.email, 'ines-chosen-password')).toMatch(/^[a-z0-9]+$/);
    const again = await confirm(token, 'another-password-789');
    expect(again.status).toBe(400);
    expect(again.body.errors[0].path).toBe('body.token');
    // Now she has a password: a second invitation is refused, and nothing is mailed.
    const resend = await invite(invited.id, a.ownerToken);
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe('people.already_active');
    expect(await mailTo(invited.email)).toHaveLength(1);
  });

  it('refuses a set-password page on another host, naming the field', async () => {
    const other = await api.call('POST', '/api/v1/students', {
      tenant: 'inviteschool',
      token: a.ownerToken,
      body: { name: 'Otto Other', email: 'otto@inviteschool.test' },
    });
    const res = await invite(other.body.id, a.ownerToken, 'inviteschool', 'https://phish.example/reset');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.setPasswordUrl');
    expect(await mailTo('otto@inviteschool.test')).toHaveLength(0);
  });

  it('another school’s admin gets 404, a student and an instructor 403; nothing is sent', async () => {
    const pending = await api.call('POST', '/api/v1/students', {
      tenant: 'inviteschool',
      token: a.ownerToken,
      body: { name: 'Pia Pending', email: 'pia@inviteschool.test' },
    });
    const fromB = await invite(
      pending.body.id,
      b.ownerToken,
      'otherinvite',
      'http://otherinvite.localhost:3001/x',
    );
    expect(fromB.status).toBe(404);
    const student = await api.addPerson('inviteschool', a.ownerToken, 'students', 'Sol Student');
    const instructor = await api.addPerson('inviteschool', a.ownerToken, 'instructors', 'Ira Instructor');
    for (const token of [student.token, instructor.token]) {
      const res = await invite(pending.body.id, token);
      expect(res.status).toBe(403);
    }
    expect(await mailTo('pia@inviteschool.test')).toHaveLength(0);
  });
});
