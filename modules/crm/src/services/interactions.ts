import type { Tx } from '@dualcontrol/db';
import { and, desc, eq } from 'drizzle-orm';
import { crmInteractions, type INTERACTION_KINDS } from '../schema.ts';
import { findContact } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';

type Kind = (typeof INTERACTION_KINDS)[number];
export type InteractionRow = typeof crmInteractions.$inferSelect;

export const interactionView = (i: InteractionRow) => ({
  id: i.id,
  contactId: i.contactId,
  kind: i.kind,
  summary: i.summary,
  occurredAt: i.occurredAt.toISOString(),
  staffUserId: i.staffUserId,
  automatic: i.automatic,
  source: i.automatic ? { eventType: i.sourceEventType!, entityId: i.sourceEntityId } : null,
});

/** A call, email, visit… logged by the office member who had it. */
export async function logInteraction(
  tx: Tx,
  ctx: CrmContext,
  contactId: string,
  input: { kind: Kind; summary: string; occurredAt?: string | undefined },
) {
  await findContact(tx, ctx, contactId);
  const [row] = await tx
    .insert(crmInteractions)
    .values({
      tenantId: ctx.tenantId,
      contactId,
      kind: input.kind,
      summary: input.summary,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : ctx.now,
      staffUserId: ctx.userId,
    })
    .returning();
  return interactionView(row!);
}

/**
 * An interaction logged from a domain event. The event id is unique per school, so a redelivered
 * event writes nothing (ON CONFLICT DO NOTHING); true when this call wrote it.
 */
export async function recordAutomatic(
  tx: Tx,
  ctx: CrmContext,
  contactId: string,
  input: {
    kind: Kind;
    summary: string;
    occurredAt: Date;
    eventType: string;
    eventId: string;
    entityId: string | null;
  },
): Promise<boolean> {
  const rows = await tx
    .insert(crmInteractions)
    .values({
      tenantId: ctx.tenantId,
      contactId,
      kind: input.kind,
      summary: input.summary,
      occurredAt: input.occurredAt,
      automatic: true,
      sourceEventType: input.eventType,
      sourceEventId: input.eventId,
      sourceEntityId: input.entityId,
    })
    .onConflictDoNothing()
    .returning({ id: crmInteractions.id });
  return rows.length > 0;
}

export async function listInteractions(tx: Tx, ctx: CrmContext, contactId: string) {
  await findContact(tx, ctx, contactId);
  const rows = await tx
    .select()
    .from(crmInteractions)
    .where(and(eq(crmInteractions.tenantId, ctx.tenantId), eq(crmInteractions.contactId, contactId)))
    .orderBy(desc(crmInteractions.occurredAt), desc(crmInteractions.id));
  return { data: rows.map(interactionView) };
}
