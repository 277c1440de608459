import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { isOffice, type MessagingContext } from './messaging-context.ts';

/** Someone the caller may start a conversation with. */
export type Contact = { userId: string; name: string; role: 'student' | 'instructor' };

/*
 * Who may talk to whom (README "Threads"): a student with the instructors they have a relation
 * with — an assignment (student_instructors), a booking, or a seat in a group lesson — and the
 * office; an instructor with their students by the same relations, and the office; the office
 * (owners, admins) with every student and instructor of the school. Scheduling's tables are read
 * here by SQL because scheduling publishes no "relations" service; they exist for every school
 * (one migration stream), so with scheduling switched off a student simply has no instructors.
 */

/** The people the caller may message, optionally narrowed to one user (the start-thread check). */
export async function listContacts(tx: Tx, ctx: MessagingContext, only?: string): Promise<Contact[]> {
  const t = ctx.tenantId;
  const me = ctx.viewer.userId;
  const narrow = only ? sql`and u.id = ${only}` : sql``;
  const parts = [];
  if (isOffice(ctx)) {
    parts.push(sql`select u.id as user_id, u.name, 'instructor' as role
      from instructors i join users u on u.tenant_id = i.tenant_id and u.id = i.user_id
      where i.tenant_id = ${t} and u.status = 'active' and u.id <> ${me} ${narrow}`);
    parts.push(sql`select u.id as user_id, u.name, 'student' as role
      from students s join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
      where s.tenant_id = ${t} and u.status = 'active' and u.id <> ${me} ${narrow}`);
  }
  if (ctx.viewer.studentId) {
    const s = ctx.viewer.studentId;
    parts.push(sql`select u.id as user_id, u.name, 'instructor' as role
      from (
        select instructor_id from student_instructors where tenant_id = ${t} and student_id = ${s}
        union select instructor_id from bookings where tenant_id = ${t} and student_id = ${s}
        union select b.instructor_id from booking_participants p
          join bookings b on b.tenant_id = p.tenant_id and b.id = p.booking_id
          where p.tenant_id = ${t} and p.student_id = ${s}
      ) rel
      join instructors i on i.tenant_id = ${t} and i.id = rel.instructor_id
      join users u on u.tenant_id = ${t} and u.id = i.user_id
      where u.status = 'active' and u.id <> ${me} ${narrow}`);
  }
  if (ctx.viewer.instructorId) {
    const i = ctx.viewer.instructorId;
    parts.push(sql`select u.id as user_id, u.name, 'student' as role
      from (
        select student_id from student_instructors where tenant_id = ${t} and instructor_id = ${i}
        union select student_id from bookings where tenant_id = ${t} and instructor_id = ${i}
        union select p.student_id from booking_participants p
          join bookings b on b.tenant_id = p.tenant_id and b.id = p.booking_id
          where p.tenant_id = ${t} and b.instructor_id = ${i}
      ) rel
      join students s on s.tenant_id = ${t} and s.id = rel.student_id
      join users u on u.tenant_id = ${t} and u.id = s.user_id
      where u.status = 'active' and u.id <> ${me} ${narrow}`);
  }
  if (parts.length === 0) return [];
  const rows = await tx.execute<{ user_id: string; name: string; role: Contact['role'] }>(
    sql`select distinct on (user_id) user_id, name, role from (${sql.join(parts, sql` union all `)}) c
        order by user_id, role`,
  );
  return rows
    .map((r) => ({ userId: r.user_id, name: r.name, role: r.role }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The school's office: its active owners and admins (who join every office conversation). */
export async function officeUserIds(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx.execute<{ user_id: string }>(sql`select distinct r.user_id
    from user_roles r join users u on u.tenant_id = r.tenant_id and u.id = r.user_id
    where r.tenant_id = ${tenantId} and r.role in ('owner', 'admin') and u.status = 'active'`);
  return rows.map((r) => r.user_id);
}

/** Whether the caller may message the office (everyone who may use messaging but the office itself). */
export const mayWriteToOffice = (ctx: MessagingContext) =>
  !isOffice(ctx) && (ctx.viewer.studentId !== undefined || ctx.viewer.instructorId !== undefined);
