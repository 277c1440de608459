import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGuardian, invitationCall, invitationToken } from './guardian-fixture.ts';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

/**
 * Guardian sign-up by invitation: who may invite (the learner, the office), the mail and its link,
 * accepting signed out (a new account) or signed in (the invited address's account), and the
 * link's rules — single use, expiry, this school only.
 */
describe('guardian invitations', () => {
  let api: TestApi;
  let a: LessonsSchool;
  let b: LessonsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    a = await createLessonsSchool(api, 'ginvita');
    b = await createLessonsSchool(api, 'ginvitb');
  });
  afterAll(() => api.close());

  const acceptUrl = (slug: string) => `http://${slug}.localhost:3001/guardian/accept`;
  const invite = (s: LessonsSchool, studentId: string, token: string, body: Record<string, unknown>) =>
    s.call('POST', `/api/v1/students/${studentId}/guardian-invitations`, token, {
      acceptUrl: acceptUrl(s.slug),
      ...body,
    });
  const rolesOf = async (userId: string) =>
    (
      await api.tdb.owner<
        { role: string }[]
      >`select role from user_roles where user_id = ${userId} order by role`
    ).map((r) => r.role);

  it('the learner invites by email; the guardian creates an account from the link and sees only that learner', async () => {
    const sam = a.students[0]!;
    const email = 'Gwen.Parent@Example.test';
    const sent = await invite(a, sam.id, sam.token, { email, relationship: 'mother' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ studentId: sam.id, email: 'gwen.parent@example.test', canPay: false });
    // A week by default (the school's guardianInvitationDays).
    const days = (Date.parse(sent.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const [mail] = await api.tdb.owner<{ subject: string; text: string; tenant: string }[]>`
      select subject, text, tenant from dev_mailbox where "to" = 'gwen.parent@example.test'`;
    expect(mail!.tenant).toBe('ginvita');
    expect(mail!.subject).toContain('Sam ginvita');
    expect(mail!.text).toContain('http://ginvita.localhost:3001/guardian/accept?token=');
    const token = await invitationToken(api, email);
    // Only the token's digest is stored.
    const [stored] = await api.tdb.owner<{ token_hash: string }[]>`
      select token_hash from guardian_invitations where email = 'gwen.parent@example.test'`;
    expect(stored!.token_hash).not.toContain(token);
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const preview = await invitationCall(api, 'ginvita', 'preview', { token });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      learnerName: 'Sam ginvita',
      email: 'gwen.parent@example.test',
      relationship: 'mother',
      status: 'open',
      accountExists: false,
    });

    const accepted = await invitationCall(api, 'ginvita', 'accept', {
      token,
      name: 'Gwen Parent',
      password: 'gwen-password-123',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.guardian).toMatchObject({
      studentId: sam.id,
      relationship: 'mother',
      canPay: false,
    });
    const gwen = { userId: accepted.body.guardian.guardianUserId, token: accepted.body.session.token };
    expect(await rolesOf(gwen.userId)).toEqual(['guardian']);
    const me = await a.call('GET', '/api/v1/auth/me', gwen.token);
    expect(me.body.user).toMatchObject({ email: 'gwen.parent@example.test', roles: ['guardian'] });
    // The password chosen works for signing in later.
    expect(await api.login('ginvita', 'gwen.parent@example.test', 'gwen-password-123')).toBeTruthy();

    expect((await a.call('GET', `/api/v1/students/${sam.id}/progress`, gwen.token)).status).toBe(200);
    expect((await a.call('GET', `/api/v1/students/${a.students[1]!.id}/progress`, gwen.token)).status).toBe(
      404,
    );
    const learners = await a.call('GET', '/api/v1/guardian/learners', gwen.token);
    expect(learners.body.data).toEqual([
      {
        studentId: sam.id,
        name: 'Sam ginvita',
        relationship: 'mother',
        canPay: false,
        pendingPracticeEntries: 0,
      },
    ]);

    // Single use: the same link again is refused, and says so on preview.
    const again = await invitationCall(api, 'ginvita', 'accept', {
      token,
      name: 'X',
      password: 'another-password-1',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('lessons.invitation_used');
    expect(again.body.errors[0].path).toBe('body.token');
    expect((await invitationCall(api, 'ginvita', 'preview', { token })).body.status).toBe('accepted');
  });

  it('an expired link is refused (410) and shows as expired; nothing is created', async () => {
    const sue = a.students[1]!;
    await invite(a, sue.id, a.ownerToken, { email: 'late.parent@example.test' });
    const token = await invitationToken(api, 'late.parent@example.test');
    await api.tdb.owner`update guardian_invitations set expires_at = now() - interval '1 minute'
      where email = 'late.parent@example.test'`;
    expect((await invitationCall(api, 'ginvita', 'preview', { token })).body.status).toBe('expired');
    const res = await invitationCall(api, 'ginvita', 'accept', {
      token,
      name: 'Late',
      password: 'late-password-123',
    });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('lessons.invitation_expired');
    const [count] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from users where email = 'late.parent@example.test'`;
    expect(count!.n).toBe(0);
  });

  it('the school sets how long links live (guardianInvitationDays)', async () => {
    await a.expectOk(
      a.call('PATCH', '/api/v1/lessons/settings', a.ownerToken, { guardianInvitationDays: 2 }),
      200,
      'settings',
    );
    const sent = await invite(a, a.students[2]!.id, a.ownerToken, { email: 'two.days@example.test' });
    const days = (Date.parse(sent.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(1.9);
    expect(days).toBeLessThanOrEqual(2);
    await a.expectOk(
      a.call('PATCH', '/api/v1/lessons/settings', a.ownerToken, { guardianInvitationDays: 7 }),
      200,
      'settings',
    );
  });

  it('a link works at its own school only: another school’s host does not know it', async () => {
    const sam = a.students[0]!;
    await invite(a, sam.id, a.ownerToken, { email: 'cross.school@example.test' });
    const token = await invitationToken(api, 'cross.school@example.test');
    const preview = await invitationCall(api, 'ginvitb', 'preview', { token });
    expect(preview.status).toBe(404);
    expect(preview.body.code).toBe('lessons.invitation_not_found');
    const accept = await invitationCall(api, 'ginvitb', 'accept', {
      token,
      name: 'Cross',
      password: 'cross-password-123',
    });
    expect(accept.status).toBe(404);
    const [count] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from users where email = 'cross.school@example.test'`;
    expect(count!.n).toBe(0);
    // It still works where it was sent.
    expect((await invitationCall(api, 'ginvita', 'preview', { token })).body.status).toBe('open');
  });

  it('who may invite: the learner and the office; not an instructor, a guardian, another learner or another school', async () => {
    const sam = a.students[0]!;
    const body = { email: 'someone@example.test' };
    // An instructor who has not taught Sam does not see him (404); one who has may not invite (403).
    expect((await invite(a, sam.id, a.instructor.token, body)).status).toBe(404);
    await a.lesson(sam);
    expect((await invite(a, sam.id, a.instructor.token, body)).status).toBe(403);
    const guardian = await addGuardian(api, a, sam, 'Gary Guard');
    expect((await invite(a, sam.id, guardian.token, body)).status).toBe(403);
    expect((await invite(a, sam.id, a.students[1]!.token, body)).status).toBe(404);
    expect(
      (
        await b.call('POST', `/api/v1/students/${sam.id}/guardian-invitations`, b.ownerToken, {
          ...body,
          acceptUrl: acceptUrl('ginvitb'),
        })
      ).status,
    ).toBe(404);
    const [count] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from guardian_invitations where email = 'someone@example.test'`;
    expect(count!.n).toBe(0);
  });

  it('only the office makes a guardian the payer; the flag follows the invitation', async () => {
    const sam = a.students[0]!;
    const byLearner = await invite(a, sam.id, sam.token, { email: 'payer@example.test', canPay: true });
    expect(byLearner.status).toBe(403);
    expect(byLearner.body.errors[0].path).toBe('body.canPay');
    const payer = await addGuardian(api, a, sam, 'Paula Payer', { canPay: true });
    const list = await a.call('GET', `/api/v1/students/${sam.id}/guardians`, a.ownerToken);
    expect(
      list.body.data.find((g: { guardianUserId: string }) => g.guardianUserId === payer.userId),
    ).toMatchObject({
      canPay: true,
      relationship: 'parent',
    });
  });

  it('refuses a link off the school’s host, the learner’s own address and a malformed address (400, the field named)', async () => {
    const sam = a.students[0]!;
    const offHost = await invite(a, sam.id, sam.token, {
      email: 'x@example.test',
      acceptUrl: 'https://phish.example/accept',
    });
    expect(offHost.status).toBe(400);
    expect(offHost.body.errors[0].path).toBe('body.acceptUrl');
    const own = await invite(a, sam.id, sam.token, { email: sam.email.toUpperCase() });
    expect(own.status).toBe(400);
    expect(own.body.errors[0].path).toBe('body.email');
    const bad = await invite(a, sam.id, sam.token, { email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.email');
  });

  it('signed out with an address that has an account: sign in first (409); signed in as it: linked, role added', async () => {
    const sam = a.students[0]!;
    const sid = a.students[2]!; // Sid, a learner at the school, is also Sam's big brother.
    await invite(a, sam.id, a.ownerToken, { email: sid.email, relationship: 'brother' });
    const token = await invitationToken(api, sid.email);
    expect((await invitationCall(api, 'ginvita', 'preview', { token })).body.accountExists).toBe(true);
    const signedOut = await invitationCall(api, 'ginvita', 'accept', {
      token,
      name: 'Sid again',
      password: 'sid-new-password-1',
    });
    expect(signedOut.status).toBe(409);
    expect(signedOut.body.code).toBe('lessons.invitation_sign_in');
    // Signed in as someone else: refused, the invitation stays open.
    const other = await invitationCall(api, 'ginvita', 'accept', { token }, a.students[1]!.token);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('lessons.invitation_other_account');
    const mine = await invitationCall(api, 'ginvita', 'accept', { token }, sid.token);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.session).toBeNull();
    expect(await rolesOf(sid.userId)).toEqual(['guardian', 'student']);
    const sidAgain = await api.login('ginvita', sid.email, sid.password);
    expect((await a.call('GET', `/api/v1/students/${sam.id}/progress`, sidAgain)).status).toBe(200);
  });

  it('signed out without a name or password: both fields named (400), the link still open', async () => {
    await invite(a, a.students[1]!.id, a.ownerToken, { email: 'forgetful@example.test' });
    const token = await invitationToken(api, 'forgetful@example.test');
    const res = await invitationCall(api, 'ginvita', 'accept', { token });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.name',
      'body.password',
    ]);
    expect((await invitationCall(api, 'ginvita', 'preview', { token })).body.status).toBe('open');
    const unknown = await invitationCall(api, 'ginvita', 'accept', {
      token: 'x'.repeat(43),
      name: 'N',
      password: 'n-password-123',
    });
    expect(unknown.status).toBe(404);
  });
});
