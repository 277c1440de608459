import { createHash, randomBytes } from 'node:crypto';
import { students, type Tx, userRoles, users } from '@dualcontrol/db';
import {
  AppError,
  badRequest,
  can,
  createUserSession,
  forbidden,
  hashPassword,
  insertUser,
  type Mailer,
  type ResolvedTenant,
} from '@dualcontrol/platform';
import { and, eq, sql } from 'drizzle-orm';
import { guardianInvitations, guardians } from '../schema.ts';
import { requireStudentReader } from './access.ts';
import type { LessonsContext } from './lessons-context.ts';
import { invitationExpired, invitationNotFound, invitationUsed } from './lessons-errors.ts';

/** Only the digest of a link's token is stored: a database reader cannot accept for anyone. */
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export type InviteGuardianInput = {
  email: string;
  relationship?: string | undefined;
  canPay?: boolean | undefined;
  acceptUrl: string;
};

export type MailDeps = { mailer: Mailer; appDomain: string; tenant: ResolvedTenant };

/**
 * The office or the learner themself invites a guardian by email: a link on the school's own host
 * that works once, until the school's `guardianInvitationDays` pass. Only the office may make the
 * guardian the payer. Anyone else who may read the learner is refused (403); who may not, 404.
 */
export async function inviteGuardian(
  tx: Tx,
  ctx: LessonsContext,
  deps: MailDeps,
  studentId: string,
  input: InviteGuardianInput,
) {
  await requireStudentReader(tx, ctx, studentId);
  if (!can(ctx.viewer, 'lessons:guardians:invite:own', { studentId }))
    throw forbidden('A guardian is invited by the learner or by the office.');
  if (input.canPay && !can(ctx.viewer, 'lessons:guardians:manage'))
    throw new AppError('auth.forbidden', {
      status: 403,
      title: 'Forbidden',
      detail: 'Only the office can make a guardian the payer.',
      fields: [{ path: 'body.canPay', message: 'office only' }],
    });
  const link = new URL(input.acceptUrl);
  const host = `${deps.tenant.slug}.${deps.appDomain}`;
  if (link.hostname !== host)
    throw badRequest(
      'lessons.invalid_invitation_url',
      'The invitation page must be on this school’s own address.',
      [{ path: 'body.acceptUrl', message: `expected a page on ${host}` }],
    );
  const [learner] = await tx
    .select({ name: users.name, email: users.email })
    .from(students)
    .innerJoin(users, and(eq(users.tenantId, students.tenantId), eq(users.id, students.userId)))
    .where(and(eq(students.tenantId, ctx.tenantId), eq(students.id, studentId)));
  const email = input.email.trim().toLowerCase();
  if (learner!.email.toLowerCase() === email)
    throw badRequest('lessons.invalid_invitation', 'A learner cannot be their own guardian.', [
      { path: 'body.email', message: 'the learner’s own address' },
    ]);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now.getTime() + ctx.settings.guardianInvitationDays * 86_400_000);
  const [row] = await tx
    .insert(guardianInvitations)
    .values({
      tenantId: ctx.tenantId,
      studentId,
      email,
      relationship: input.relationship ?? null,
      canPay: input.canPay ?? false,
      tokenHash: digest(token),
      invitedBy: ctx.viewer.userId,
      expiresAt,
    })
    .returning({ id: guardianInvitations.id });
  link.searchParams.set('token', token);
  const days = ctx.settings.guardianInvitationDays;
  await deps.mailer.send({
    to: email,
    tenant: deps.tenant.slug,
    subject: `Follow ${learner!.name}’s driving lessons at ${deps.tenant.name}`,
    text: `Hello,\n\n${deps.tenant.name} invites you to follow ${learner!.name}’s driving lessons as their guardian: their progress, lessons and logbook, and confirming the practice drives you supervise.\n\nOpen this link within ${days} ${days === 1 ? 'day' : 'days'} to create your account (or sign in) and accept:\n${link}\n\nThe link works once. If you did not expect this, ignore this message.`,
  });
  return { id: row!.id, studentId, email, canPay: input.canPay ?? false, expiresAt: expiresAt.toISOString() };
}

/** The open invitation behind a token (locked: it is about to be used). */
async function findInvitation(tx: Tx, tenantId: string, token: string, lock: boolean) {
  const query = tx
    .select({ inv: guardianInvitations, learnerName: users.name })
    .from(guardianInvitations)
    .innerJoin(
      students,
      and(
        eq(students.tenantId, guardianInvitations.tenantId),
        eq(students.id, guardianInvitations.studentId),
      ),
    )
    .innerJoin(users, and(eq(users.tenantId, students.tenantId), eq(users.id, students.userId)))
    .where(and(eq(guardianInvitations.tenantId, tenantId), eq(guardianInvitations.tokenHash, digest(token))));
  const [row] = lock ? await query.for('update', { of: guardianInvitations }) : await query;
  return row;
}

/**
 * What an invitation link offers, for the page that opens it (no session needed: the token is
 * the credential). Another school's token is not found here (RLS).
 */
export async function previewInvitation(tx: Tx, tenant: ResolvedTenant, token: string, now: Date) {
  const row = await findInvitation(tx, tenant.id, token, false);
  if (!row) throw invitationNotFound();
  const { inv } = row;
  const [account] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = ${inv.email}`));
  return {
    school: tenant.name,
    learnerName: row.learnerName,
    email: inv.email,
    relationship: inv.relationship,
    canPay: inv.canPay,
    expiresAt: inv.expiresAt.toISOString(),
    status: inv.acceptedAt ? 'accepted' : inv.expiresAt <= now ? 'expired' : 'open',
    /** Someone at this school already uses the address: they sign in, then accept. */
    accountExists: account !== undefined,
  } as const;
}

export type AcceptInput = { token: string; name?: string | undefined; password?: string | undefined };

/**
 * Accepting an invitation links the guardian to the learner (a `guardians` row, the guardian role
 * at this school, the payer flag if the office set it) and spends the invitation. Signed in, the
 * account must be the invited address's; signed out, a new account is made for that address
 * (name and password) and signed in — unless the address already has one here (409: sign in).
 */
export async function acceptInvitation(
  tx: Tx,
  tenant: ResolvedTenant,
  caller: { id: string; email: string } | undefined,
  input: AcceptInput,
  meta: { now: Date; ip?: string; userAgent?: string },
) {
  const row = await findInvitation(tx, tenant.id, input.token, true);
  if (!row) throw invitationNotFound();
  const { inv } = row;
  if (inv.acceptedAt) throw invitationUsed();
  if (inv.expiresAt <= meta.now) throw invitationExpired(inv.expiresAt);

  let userId: string;
  let session: { token: string; expiresAt: string } | null = null;
  if (caller) {
    if (caller.email.toLowerCase() !== inv.email)
      throw new AppError('lessons.invitation_other_account', {
        status: 403,
        title: 'Forbidden',
        detail: `This invitation is for ${inv.email}; you are signed in as ${caller.email}. Sign out, then open the link again.`,
        fields: [{ path: 'body.token', message: 'for another address' }],
      });
    userId = caller.id;
    await tx
      .insert(userRoles)
      .values({ tenantId: tenant.id, userId, role: 'guardian' })
      .onConflictDoNothing();
  } else {
    const missing = [
      ...(input.name ? [] : [{ path: 'body.name', message: 'required to create your account' }]),
      ...(input.password ? [] : [{ path: 'body.password', message: 'required to create your account' }]),
    ];
    if (missing.length)
      throw badRequest('lessons.invitation_account', 'Choose your name and a password to accept.', missing);
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = ${inv.email}`));
    if (existing)
      throw new AppError('lessons.invitation_sign_in', {
        status: 409,
        title: 'Conflict',
        detail: `${inv.email} already has an account at ${tenant.name}: sign in, then open the link again.`,
        fields: [{ path: 'body.token', message: 'sign in first' }],
      });
    const created = await insertUser(tx, tenant.id, {
      email: inv.email,
      name: input.name!,
      passwordHash: await hashPassword(input.password!),
      roles: ['guardian'],
    });
    userId = created.id;
    const opened = await createUserSession(tx, {
      tenantId: tenant.id,
      userId,
      ...(meta.ip ? { ip: meta.ip } : {}),
      ...(meta.userAgent ? { userAgent: meta.userAgent } : {}),
    });
    session = { token: opened.token, expiresAt: opened.expiresAt.toISOString() };
  }
  const [link] = await tx
    .insert(guardians)
    .values({
      tenantId: tenant.id,
      guardianUserId: userId,
      studentId: inv.studentId,
      relationship: inv.relationship,
      canPay: inv.canPay,
    })
    .onConflictDoUpdate({
      target: [guardians.tenantId, guardians.guardianUserId, guardians.studentId],
      // A second invitation never takes away what the first gave.
      set: {
        relationship: sql`coalesce(excluded.relationship, ${guardians.relationship})`,
        canPay: sql`${guardians.canPay} or excluded.can_pay`,
      },
    })
    .returning();
  await tx
    .update(guardianInvitations)
    .set({ acceptedAt: meta.now, acceptedBy: userId })
    .where(and(eq(guardianInvitations.tenantId, tenant.id), eq(guardianInvitations.id, inv.id)));
  return {
    guardian: {
      id: link!.id,
      guardianUserId: userId,
      studentId: inv.studentId,
      learnerName: row.learnerName,
      relationship: link!.relationship,
      canPay: link!.canPay,
    },
    session,
  };
}

/** The learners the signed-in guardian follows, with the practice entries waiting for them. */
export async function listMyLearners(tx: Tx, ctx: LessonsContext) {
  if (!ctx.viewer.roles.includes('guardian')) return { data: [] };
  const rows = await tx.execute<{
    student_id: string;
    name: string;
    relationship: string | null;
    can_pay: boolean;
    pending: number;
  }>(sql`select g.student_id, u.name, g.relationship, g.can_pay,
      (select count(*)::int from practice_entries p where p.tenant_id = g.tenant_id
         and p.student_id = g.student_id and p.supervisor_user_id = g.guardian_user_id
         and p.status = 'pending') as pending
      from ${guardians} g
      join ${students} s on s.tenant_id = g.tenant_id and s.id = g.student_id
      join ${users} u on u.tenant_id = s.tenant_id and u.id = s.user_id
     where g.tenant_id = ${ctx.tenantId} and g.guardian_user_id = ${ctx.viewer.userId}
     order by u.name, g.student_id`);
  return {
    data: rows.map((r) => ({
      studentId: r.student_id,
      name: r.name,
      relationship: r.relationship,
      canPay: r.can_pay,
      pendingPracticeEntries: Number(r.pending),
    })),
  };
}
