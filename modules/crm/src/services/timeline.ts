import type { Tx } from '@dualcontrol/db';
import { and, desc, eq } from 'drizzle-orm';
import { crmTasks } from '../schema.ts';
import { contactView, findContact } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';
import { listInteractions } from './interactions.ts';
import { listNotes } from './notes.ts';
import { taskView } from './tasks.ts';

/** A contact and everything on its timeline: interactions, notes, and its tasks (open and closed). */
export async function contactTimeline(tx: Tx, ctx: CrmContext, id: string) {
  const contact = await findContact(tx, ctx, id);
  const [interactions, notes, tasks] = [
    await listInteractions(tx, ctx, id),
    await listNotes(tx, ctx, id),
    await tx
      .select()
      .from(crmTasks)
      .where(and(eq(crmTasks.tenantId, ctx.tenantId), eq(crmTasks.contactId, id)))
      .orderBy(desc(crmTasks.createdAt), desc(crmTasks.id)),
  ];
  return {
    contact: contactView(contact),
    interactions: interactions.data,
    notes: notes.data,
    tasks: tasks.map(taskView),
  };
}
