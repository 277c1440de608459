import type { Tx } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { crmContacts, DEFAULT_STAGES } from '../schema.ts';
import type { ContactRow } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';
import { emitCrm } from './emit.ts';

const ORDER = new Map<string, number>(DEFAULT_STAGES.map((s, i) => [s.key, i]));

/**
 * A move the events make obvious (first confirmed booking → active learner, test booked, passed):
 * only forward along the default pipeline, or back from lost (they came back). Never backwards:
 * a learner who passed and books a motorway lesson stays passed.
 */
export async function advanceStage(
  tx: Tx,
  ctx: CrmContext,
  contact: ContactRow,
  to: string,
): Promise<boolean> {
  const from = contact.stage;
  const a = ORDER.get(from);
  const b = ORDER.get(to);
  if (b === undefined || from === to) return false;
  if (from !== 'lost' && (a === undefined || a >= b)) return false;
  await tx
    .update(crmContacts)
    .set({ stage: to, lostReason: null, stageChangedAt: ctx.now })
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, contact.id)));
  await emitCrm(tx, ctx.tenantId, 'crm.contact_stage_changed', { contactId: contact.id, from, to });
  contact.stage = to;
  return true;
}
