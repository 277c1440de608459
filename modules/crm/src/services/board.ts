import type { Tx } from '@dualcontrol/db';
import { and, asc, desc, eq } from 'drizzle-orm';
import { crmContacts, crmPipelineStages } from '../schema.ts';
import { contactView } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';
import { ensureCrmDefaults } from './crm-defaults.ts';

/** The pipeline board: the school's stages in order, each with its contacts (latest move first). */
export async function pipelineBoard(tx: Tx, ctx: CrmContext, perStage = 100) {
  await ensureCrmDefaults(tx, ctx.tenantId);
  const stages = await tx
    .select()
    .from(crmPipelineStages)
    .where(eq(crmPipelineStages.tenantId, ctx.tenantId))
    .orderBy(asc(crmPipelineStages.position));
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

export async function listStages(tx: Tx, ctx: CrmContext) {
  await ensureCrmDefaults(tx, ctx.tenantId);
  const stages = await tx
    .select()
    .from(crmPipelineStages)
    .where(eq(crmPipelineStages.tenantId, ctx.tenantId))
    .orderBy(asc(crmPipelineStages.position));
  return { data: stages.map((s) => ({ key: s.key, label: s.label, kind: s.kind, position: s.position })) };
}
