import type { Tx } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { crmFollowupRules } from '../schema.ts';
import { ensureCrmDefaults } from '../services/crm-defaults.ts';
import { FOLLOWUP_RULES, type RuleKey } from './rules.ts';

export type RuleState = { key: RuleKey; enabled: boolean; thresholds: Record<string, number> };

/** A school's rule: its own row (written with the defaults the first time), thresholds filled from the defaults. */
export async function readRule(tx: Tx, tenantId: string, key: RuleKey): Promise<RuleState> {
  await ensureCrmDefaults(tx, tenantId);
  const [row] = await tx
    .select()
    .from(crmFollowupRules)
    .where(and(eq(crmFollowupRules.tenantId, tenantId), eq(crmFollowupRules.key, key)));
  const defaults = FOLLOWUP_RULES[key];
  return {
    key,
    enabled: row?.enabled ?? defaults.enabled,
    thresholds: { ...defaults.thresholds, ...(row?.thresholds ?? {}) },
  };
}

/** Every rule of the school (read-only: the defaults stand in for rows not written yet). */
export async function readRules(tx: Tx, tenantId: string): Promise<RuleState[]> {
  const rows = await tx.select().from(crmFollowupRules).where(eq(crmFollowupRules.tenantId, tenantId));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return (Object.keys(FOLLOWUP_RULES) as RuleKey[]).map((key) => ({
    key,
    enabled: byKey.get(key)?.enabled ?? FOLLOWUP_RULES[key].enabled,
    thresholds: { ...FOLLOWUP_RULES[key].thresholds, ...(byKey.get(key)?.thresholds ?? {}) },
  }));
}

/** Turns a rule on or off and changes its thresholds (only the ones the rule has). */
export async function updateRule(
  tx: Tx,
  tenantId: string,
  key: RuleKey,
  change: { enabled?: boolean | undefined; thresholds?: Record<string, number> | undefined },
): Promise<RuleState> {
  const current = await readRule(tx, tenantId, key);
  const next = {
    enabled: change.enabled ?? current.enabled,
    thresholds: { ...current.thresholds, ...(change.thresholds ?? {}) },
  };
  await tx
    .update(crmFollowupRules)
    .set(next)
    .where(and(eq(crmFollowupRules.tenantId, tenantId), eq(crmFollowupRules.key, key)));
  return { key, ...next };
}
