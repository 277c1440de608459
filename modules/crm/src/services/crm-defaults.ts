import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { FOLLOWUP_RULES, RULE_KEYS } from '../followups/rules.ts';
import { DEFAULT_STAGES } from '../schema.ts';

/**
 * Writes the default pipeline and follow-up rules of a school that has none yet, in one statement
 * (ON CONFLICT DO NOTHING: what the school changed stays). Schools are made by the platform, which
 * knows nothing of modules' data, so the CRM writes its defaults the first time it is used: every
 * service that needs a stage or a rule calls this first.
 */
export async function ensureCrmDefaults(tx: Tx, tenantId: string): Promise<void> {
  const stages = sql.join(
    DEFAULT_STAGES.map((s, i) => sql`(${tenantId}::uuid, ${s.key}, ${s.label}, ${i + 1}::int, ${s.kind})`),
    sql`, `,
  );
  const rules = sql.join(
    RULE_KEYS.map(
      (k) =>
        sql`(${tenantId}::uuid, ${k}, ${FOLLOWUP_RULES[k].enabled}::boolean, ${JSON.stringify(FOLLOWUP_RULES[k].thresholds)}::jsonb)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`with s as (
      insert into crm_pipeline_stages (tenant_id, key, label, position, kind)
      select * from (values ${stages}) v
      where not exists (select 1 from crm_pipeline_stages where tenant_id = ${tenantId})
      on conflict do nothing returning 1)
    insert into crm_followup_rules (tenant_id, key, enabled, thresholds)
    values ${rules} on conflict do nothing`);
}
