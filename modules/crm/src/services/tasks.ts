import { type Tx, userRoles } from '@dualcontrol/db';
import { badRequest, conflict, decodeCursor, pageOf } from '@dualcontrol/platform';
import { and, asc, eq, gt, inArray, lte, type SQL } from 'drizzle-orm';
import { crmTasks, type TASK_KINDS, type TASK_STATUSES } from '../schema.ts';
import { findContact } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';
import { taskNotFound } from './crm-errors.ts';
import { emitCrm } from './emit.ts';
import { schoolDay } from './school-day.ts';

type Kind = (typeof TASK_KINDS)[number];
export type TaskRow = typeof crmTasks.$inferSelect;

export const taskView = (t: TaskRow) => ({
  id: t.id,
  contactId: t.contactId,
  assigneeUserId: t.assigneeUserId,
  title: t.title,
  kind: t.kind,
  dueOn: t.dueOn,
  status: t.status,
  ruleKey: t.ruleKey,
  completedAt: t.completedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
});

/** Tasks go to the office: an owner or admin of this school. */
async function requireOfficeAssignee(tx: Tx, ctx: CrmContext, userId: string) {
  const rows = await tx
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(
      and(
        eq(userRoles.tenantId, ctx.tenantId),
        eq(userRoles.userId, userId),
        inArray(userRoles.role, ['owner', 'admin']),
      ),
    );
  if (!rows.length)
    throw badRequest('crm.unknown_assignee', 'Tasks are assigned to the office (an owner or admin here).', [
      { path: 'body.assigneeUserId', message: 'not an owner or admin of this school' },
    ]);
}

async function insertTask(tx: Tx, ctx: CrmContext, values: typeof crmTasks.$inferInsert) {
  const rows = await tx.insert(crmTasks).values(values).onConflictDoNothing().returning();
  const row = rows[0];
  if (row)
    await emitCrm(tx, ctx.tenantId, 'crm.task_created', {
      taskId: row.id,
      contactId: row.contactId,
      assigneeId: row.assigneeUserId,
      dueOn: row.dueOn,
      kind: row.kind,
    });
  return row ?? null;
}

export async function createTask(
  tx: Tx,
  ctx: CrmContext,
  input: {
    contactId: string;
    title: string;
    kind: Kind;
    dueOn: string;
    assigneeUserId?: string | null | undefined;
  },
) {
  await findContact(tx, ctx, input.contactId).catch(() => {
    throw badRequest('crm.unknown_contact', 'No such contact at this school.', [
      { path: 'body.contactId', message: 'no such contact' },
    ]);
  });
  const assignee = input.assigneeUserId === undefined ? ctx.userId : input.assigneeUserId;
  if (assignee) await requireOfficeAssignee(tx, ctx, assignee);
  const row = await insertTask(tx, ctx, {
    tenantId: ctx.tenantId,
    contactId: input.contactId,
    title: input.title,
    kind: input.kind,
    dueOn: input.dueOn,
    assigneeUserId: assignee,
    createdByUserId: ctx.userId,
  });
  return taskView(row!);
}

/**
 * A task made by a follow-up rule (or the enquiry form, the slot offer): at most one open per
 * (contact, rule) — the partial unique index turns a second into nothing. Null when one is open.
 */
export async function openRuleTask(
  tx: Tx,
  ctx: CrmContext,
  input: { contactId: string; ruleKey: string; kind: Kind; title: string; dueOn: string },
): Promise<TaskRow | null> {
  return insertTask(tx, ctx, {
    tenantId: ctx.tenantId,
    contactId: input.contactId,
    ruleKey: input.ruleKey,
    kind: input.kind,
    title: input.title,
    dueOn: input.dueOn,
    assigneeUserId: null,
    createdByUserId: ctx.userId,
  });
}

/**
 * The office's tasks: `mine` (assigned to the caller), `dueToday` (due today or overdue, in the
 * school's zone), by contact, by status (open by default).
 */
export async function listTasks(
  tx: Tx,
  ctx: CrmContext,
  q: {
    mine?: boolean | undefined;
    dueToday?: boolean | undefined;
    contactId?: string | undefined;
    status?: (typeof TASK_STATUSES)[number] | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const conds: SQL[] = [eq(crmTasks.tenantId, ctx.tenantId), eq(crmTasks.status, q.status ?? 'open')];
  if (q.mine && ctx.userId) conds.push(eq(crmTasks.assigneeUserId, ctx.userId));
  if (q.dueToday) conds.push(lte(crmTasks.dueOn, schoolDay(ctx.timezone, ctx.now)));
  if (q.contactId) conds.push(eq(crmTasks.contactId, q.contactId));
  const after = decodeCursor(q.cursor);
  if (after) conds.push(gt(crmTasks.id, after));
  const rows = await tx
    .select()
    .from(crmTasks)
    .where(and(...conds))
    .orderBy(asc(crmTasks.id))
    .limit(q.limit + 1);
  const p = pageOf(rows, q.limit);
  return { data: p.data.map(taskView), nextCursor: p.nextCursor };
}

export async function completeTask(tx: Tx, ctx: CrmContext, id: string) {
  const [task] = await tx
    .select()
    .from(crmTasks)
    .where(and(eq(crmTasks.tenantId, ctx.tenantId), eq(crmTasks.id, id)));
  if (!task) throw taskNotFound();
  if (task.status !== 'open') throw conflict('crm.task_closed', `The task is already ${task.status}.`);
  const [row] = await tx
    .update(crmTasks)
    .set({ status: 'done', completedAt: ctx.now, completedByUserId: ctx.userId })
    .where(and(eq(crmTasks.tenantId, ctx.tenantId), eq(crmTasks.id, id)))
    .returning();
  return taskView(row!);
}
