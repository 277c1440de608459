import { type Tx, users } from '@dualcontrol/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RecipientRole } from '../notifications/schema.ts';
import type { RecipientSpec } from './rule.ts';

/** One person a notification goes to, and why (the role the rule addressed them in). */
export type Recipient = { userId: string; role: RecipientRole };

type Payload = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/*
 * Reading other modules' tables: guardians (lessons) and payment_plans (payments) are not part of
 * those modules' public index, and this is read-only lookups of who a payload names, so they are
 * read with plain SQL here, in one place. If those modules grow a public "guardians of" / "plan's
 * student" helper, these queries move behind it.
 */

async function userOfStudent(tx: Tx, tenantId: string, studentId: string): Promise<string | undefined> {
  const [row] = await tx.execute<{ user_id: string }>(
    sql`select user_id from students where tenant_id = ${tenantId} and id = ${studentId}`,
  );
  return row?.user_id;
}

/** The student a payload is about: `studentId`, or the payment plan's student. */
export async function studentOf(tx: Tx, tenantId: string, payload: Payload): Promise<string | undefined> {
  const studentId = str(payload.studentId);
  if (studentId) return studentId;
  const planId = str(payload.planId);
  if (!planId) return undefined;
  const [row] = await tx.execute<{ student_id: string }>(
    sql`select student_id from payment_plans where tenant_id = ${tenantId} and id = ${planId}`,
  );
  return row?.student_id;
}

async function guardiansOf(tx: Tx, tenantId: string, studentId: string, payersOnly: boolean) {
  const rows = await tx.execute<{ user_id: string }>(sql`
    select g.guardian_user_id as user_id from guardians g
      join users u on u.tenant_id = g.tenant_id and u.id = g.guardian_user_id and u.status = 'active'
     where g.tenant_id = ${tenantId} and g.student_id = ${studentId}
       ${payersOnly ? sql`and g.can_pay` : sql``}
     order by g.created_at, g.id`);
  return rows.map((r) => r.user_id);
}

/**
 * Resolves a rule's recipients for one event. A person addressed twice (a guardian who is also the
 * payer; an admin who holds the document) gets one notification, in the first role that named them.
 */
export async function resolveRecipients(
  tx: Tx,
  tenantId: string,
  specs: readonly RecipientSpec[],
  payload: Payload,
): Promise<Recipient[]> {
  const out = new Map<string, RecipientRole>();
  const add = (userId: string | undefined, role: RecipientRole) => {
    if (userId && !out.has(userId)) out.set(userId, role);
  };
  const studentId = await studentOf(tx, tenantId, payload);
  for (const spec of specs) {
    switch (spec.role) {
      case 'student':
        if (studentId) add(await userOfStudent(tx, tenantId, studentId), 'student');
        break;
      case 'guardian':
        if (studentId) for (const g of await guardiansOf(tx, tenantId, studentId, false)) add(g, 'guardian');
        break;
      case 'payer': {
        if (!studentId) break;
        // The guardian who pays, where one is set; otherwise the learner pays for themself.
        const [payer] = await guardiansOf(tx, tenantId, studentId, true);
        if (payer) add(payer, 'payer');
        else add(await userOfStudent(tx, tenantId, studentId), 'payer');
        break;
      }
      case 'instructor': {
        const instructorId = str(payload.instructorId);
        if (!instructorId) break;
        const [row] = await tx.execute<{ user_id: string }>(
          sql`select user_id from instructors where tenant_id = ${tenantId} and id = ${instructorId}`,
        );
        add(row?.user_id, 'instructor');
        break;
      }
      case 'admins': {
        const rows = await tx.execute<{ user_id: string }>(sql`
          select distinct r.user_id from user_roles r
            join users u on u.tenant_id = r.tenant_id and u.id = r.user_id and u.status = 'active'
           where r.tenant_id = ${tenantId} and r.role in ('owner', 'admin')
           order by r.user_id`);
        for (const r of rows) add(r.user_id, 'admins');
        break;
      }
      case 'holder': {
        const userId = str(payload.userId);
        if (!userId) break;
        const [row] = await tx.execute<{ instructor: boolean }>(sql`
          select exists (select 1 from instructors where tenant_id = ${tenantId} and user_id = ${userId}) as instructor`);
        add(userId, row?.instructor ? 'instructor' : 'student');
        break;
      }
      case 'participant': {
        // A list of user ids (a thread's others) or one (a task's assignee; null when unassigned).
        const field = payload[spec.field];
        const ids: unknown[] = Array.isArray(field) ? field : typeof field === 'string' ? [field] : [];
        if (ids.length === 0) break;
        // Only people of this school (RLS would hide others anyway; the FK would refuse them).
        const wanted = ids.filter((i): i is string => typeof i === 'string');
        if (wanted.length === 0) break;
        const rows = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active'), inArray(users.id, wanted)));
        const known = new Set(rows.map((r) => r.id));
        for (const id of ids) if (typeof id === 'string' && known.has(id)) add(id, 'participant');
        break;
      }
    }
  }
  return [...out].map(([userId, role]) => ({ userId, role }));
}
