import type { Tx } from '@dualcontrol/db';
import { and, asc, desc, eq } from 'drizzle-orm';
import { crmContacts, crmPipelineStages, DEFAULT_STAGES } from '../schema.ts';
import { contactView } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';

/** The pipeline board: the school's stages in order, each with its contacts (latest move first). */
export async function pipelineBoard(tx: Tx, ctx: CrmContext, perStage = 100) {
  const stages = await readStages(tx, ctx);
  const contacts = await tx
    .select()
    .from(crmContacts)
    .where(and(eq(crmContacts.tenantId, ctx.tenantId)))
    .orderBy(desc(crmContacts.stageChangedAt), desc(crmContacts.id));
  return {
    stages: stages.map((s) => {
      const inStage = contacts.filter((c) => c.stage === s.key);
      return {
        key: s.key,
        label: s.label,
        kind: s.kind,
        count: inStage.length,
        contacts: inStage.slice(0, perStage).map(contactView),
      };
    }),
  };
}

/**
 * The school's stages in order; the defaults when it has none written yet (reads run in read-only
 * transactions, so they do not write them: the first change does, ensureCrmDefaults).
 */
export async function readStages(tx: Tx, ctx: CrmContext) {
  const rows = await tx
    .select({
      key: crmPipelineStages.key,
      label: crmPipelineStages.label,
      kind: crmPipelineStages.kind,
      position: crmPipelineStages.position,
    })
    .from(crmPipelineStages)
    .where(eq(crmPipelineStages.tenantId, ctx.tenantId))
    .orderBy(asc(crmPipelineStages.position));
  return rows.length
    ? rows
    : DEFAULT_STAGES.map((s, i) => ({ key: s.key, label: s.label, kind: s.kind, position: i + 1 }));
}

export async function listStages(tx: Tx, ctx: CrmContext) {
  const stages = await readStages(tx, ctx);
  return { data: stages.map((s) => ({ key: s.key, label: s.label, kind: s.kind, position: s.position })) };
}
