import type { Tx } from '@dualcontrol/db';
import { instructors } from '@dualcontrol/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { crmContacts } from '../schema.ts';
import type { ContactRow } from '../services/contacts.ts';
import type { CrmContext } from '../services/crm-context.ts';
import { emitCrm } from '../services/emit.ts';
import { schoolDay } from '../services/school-day.ts';
import { openRuleTask } from '../services/tasks.ts';
import { AREA_RANK, matchArea } from './working-area.ts';

/**
 * A learner passed: their instructor's weekly slot is free. The best-matching waiting enquiry
 * (stage enquiry or contacted; the instructor teaches their gearbox and covers their postcode —
 * district before area before unknown — then the longest waiting) gets a "slot offer" task and
 * `crm.slot_offered`. Nothing when the learner has no known instructor or nobody waits.
 */
export async function offerFreedSlot(tx: Tx, ctx: CrmContext, passed: ContactRow): Promise<string | null> {
  if (!passed.instructorId || !passed.studentId) return null;
  const [instructor] = await tx
    .select({ transmissions: instructors.transmissions, workingArea: instructors.workingArea })
    .from(instructors)
    .where(and(eq(instructors.tenantId, ctx.tenantId), eq(instructors.id, passed.instructorId)));
  if (!instructor) return null;
  const waiting = await tx
    .select()
    .from(crmContacts)
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), inArray(crmContacts.stage, ['enquiry', 'contacted'])))
    .orderBy(asc(crmContacts.createdAt), asc(crmContacts.id));
  const best = waiting
    .filter((c) => !c.transmission || instructor.transmissions.includes(c.transmission))
    .map((c) => ({ c, area: matchArea(instructor.workingArea, c.postcode) }))
    .filter((m) => m.area !== 'outside')
    // Stable sort: the longest waiting first within the same area match.
    .sort((a, b) => AREA_RANK[b.area] - AREA_RANK[a.area])[0];
  if (!best) return null;
  const task = await openRuleTask(tx, ctx, {
    contactId: best.c.id,
    ruleKey: 'slot_offer',
    kind: 'slot_offer',
    title: `A weekly slot is free with a matching instructor: offer ${best.c.name} a trial lesson`,
    dueOn: schoolDay(ctx.timezone, ctx.now),
  });
  if (!task) return null;
  await emitCrm(tx, ctx.tenantId, 'crm.slot_offered', {
    contactId: best.c.id,
    taskId: task.id,
    instructorId: passed.instructorId,
    freedByStudentId: passed.studentId,
  });
  return task.id;
}
