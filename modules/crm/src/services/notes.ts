import type { Tx } from '@dualcontrol/db';
import { and, desc, eq } from 'drizzle-orm';
import { crmNotes } from '../schema.ts';
import { findContact } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';

export const noteView = (n: typeof crmNotes.$inferSelect) => ({
  id: n.id,
  contactId: n.contactId,
  authorUserId: n.authorUserId,
  body: n.body,
  createdAt: n.createdAt.toISOString(),
});

export async function addNote(tx: Tx, ctx: CrmContext, contactId: string, body: string) {
  await findContact(tx, ctx, contactId);
  const [row] = await tx
    .insert(crmNotes)
    .values({ tenantId: ctx.tenantId, contactId, authorUserId: ctx.userId, body, createdAt: ctx.now })
    .returning();
  return noteView(row!);
}

export async function listNotes(tx: Tx, ctx: CrmContext, contactId: string) {
  await findContact(tx, ctx, contactId);
  const rows = await tx
    .select()
    .from(crmNotes)
    .where(and(eq(crmNotes.tenantId, ctx.tenantId), eq(crmNotes.contactId, contactId)))
    .orderBy(desc(crmNotes.createdAt), desc(crmNotes.id));
  return { data: rows.map(noteView) };
}
