import type { LessonsSchool, TestApi } from './lessons-fixture.ts';

type Student = LessonsSchool['students'][number];

/** The invitation link's token from the newest mail to `email` (the dev mailbox, as a person reads it). */
export async function invitationToken(api: TestApi, email: string): Promise<string> {
  const [mail] = await api.tdb.owner<{ text: string }[]>`
    select text from dev_mailbox where "to" = ${email.toLowerCase()} order by id desc limit 1`;
  if (!mail) throw new Error(`no mail to ${email}`);
  const url = mail.text.match(/https?:\/\/\S+/)?.[0];
  const token = url ? new URL(url).searchParams.get('token') : null;
  if (!token) throw new Error(`no invitation link in: ${mail.text}`);
  return token;
}

/** Calls an invitation operation with no session (as the link's recipient) or with one. */
export const invitationCall = (
  api: TestApi,
  slug: string,
  what: 'preview' | 'accept',
  body: Record<string, unknown>,
  token?: string,
) =>
  api.call('POST', `/api/v1/guardian-invitations/${what}`, {
    tenant: slug,
    body,
    ...(token ? { token } : {}),
  });

/**
 * A guardian of `student`, made the way the product makes one: the office invites by email, the
 * guardian opens the link and creates their account. Returns their user id, session and address.
 */
export async function addGuardian(
  api: TestApi,
  school: LessonsSchool,
  student: Student,
  name: string,
  opts: { canPay?: boolean } = {},
) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@${school.slug}.test`;
  await school.expectOk(
    school.call('POST', `/api/v1/students/${student.id}/guardian-invitations`, school.ownerToken, {
      email,
      relationship: 'parent',
      acceptUrl: `http://${school.slug}.localhost:3001/guardian/accept`,
      ...(opts.canPay ? { canPay: true } : {}),
    }),
    201,
    'invite guardian',
  );
  const password = `${name}-password-123`;
  const accepted = await invitationCall(api, school.slug, 'accept', {
    token: await invitationToken(api, email),
    name,
    password,
  });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return {
    userId: accepted.body.guardian.guardianUserId as string,
    token: accepted.body.session.token as string,
    email,
    password,
    name,
  };
}
