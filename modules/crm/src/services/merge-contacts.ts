import type { Tx } from '@dualcontrol/db';
import { AppError, badRequest } from '@dualcontrol/platform';
import { and, eq, sql } from 'drizzle-orm';
import { crmContacts } from '../schema.ts';
import { type ContactRow, findContact } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';
import { emitCrm } from './emit.ts';

/**
 * Merges `mergedId` into `survivorId`: the merged contact's interactions, notes and tasks move to
 * the survivor, the link to a person survives (whichever of the two had it), details the survivor
 * lacks are taken from the merged one, and the merged contact is deleted. Two contacts linked to
 * two different people are not the same person: 409. An open follow-up task both hold for the same
 * rule is kept once (the merged one's is cancelled).
 */
export async function mergeContacts(
  tx: Tx,
  ctx: CrmContext,
  survivorId: string,
  mergedId: string,
): Promise<ContactRow> {
  if (survivorId === mergedId)
    throw badRequest('crm.merge_same_contact', 'A contact cannot be merged into itself.', [
      { path: 'body.mergedId', message: 'must differ from the survivor' },
    ]);
  const survivor = await findContact(tx, ctx, survivorId);
  const merged = await findContact(tx, ctx, mergedId).catch(() => {
    throw badRequest('crm.merge_unknown_contact', 'No such contact to merge at this school.', [
      { path: 'body.mergedId', message: 'no such contact' },
    ]);
  });
  if (survivor.userId && merged.userId && survivor.userId !== merged.userId)
    throw new AppError('crm.merge_two_people', {
      status: 409,
      title: 'Conflict',
      detail: 'Both contacts are linked to different people; they are not duplicates.',
      fields: [{ path: 'body.mergedId', message: 'linked to another person' }],
    });
  const t = ctx.tenantId;
  await tx.execute(sql`update crm_tasks set status = 'cancelled', completed_at = ${ctx.now.toISOString()}
    where tenant_id = ${t} and contact_id = ${mergedId} and status = 'open' and rule_key is not null
      and rule_key in (select rule_key from crm_tasks
        where tenant_id = ${t} and contact_id = ${survivorId} and status = 'open' and rule_key is not null)`);
  for (const table of ['crm_interactions', 'crm_notes', 'crm_tasks'] as const) {
    await tx.execute(
      sql`update ${sql.identifier(table)} set contact_id = ${survivorId} where tenant_id = ${t} and contact_id = ${mergedId}`,
    );
  }
  await tx.delete(crmContacts).where(and(eq(crmContacts.tenantId, t), eq(crmContacts.id, mergedId)));
  const [row] = await tx
    .update(crmContacts)
    .set({
      userId: survivor.userId ?? merged.userId,
      studentId: survivor.studentId ?? merged.studentId,
      email: survivor.email ?? merged.email,
      phone: survivor.phone ?? merged.phone,
      postcode: survivor.postcode ?? merged.postcode,
      transmission: survivor.transmission ?? merged.transmission,
      availability: survivor.availability ?? merged.availability,
      preferredStart: survivor.preferredStart ?? merged.preferredStart,
      consentAt: survivor.consentAt ?? merged.consentAt,
    })
    .where(and(eq(crmContacts.tenantId, t), eq(crmContacts.id, survivorId)))
    .returning();
  await emitCrm(tx, t, 'crm.contacts_merged', { survivorId, mergedId });
  return row!;
}
