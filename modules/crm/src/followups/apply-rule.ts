import type { Tx } from '@dualcontrol/db';
import type { CrmContext } from '../services/crm-context.ts';
import { addDays, schoolDay } from '../services/school-day.ts';
import { openRuleTask } from '../services/tasks.ts';
import { readRule } from './read-rules.ts';
import { FOLLOWUP_RULES, type RuleKey } from './rules.ts';

/**
 * Opens the follow-up task of `key` for a contact when the school has the rule on and `applies`
 * (given the rule's thresholds) says so. One open task per (contact, rule): a second is nothing.
 * Returns the task id, or null (rule off, not applicable, or one already open).
 */
export async function applyRule(
  tx: Tx,
  ctx: CrmContext,
  key: RuleKey,
  contactId: string,
  opts: {
    title: string;
    dueInDays?: (thresholds: Record<string, number>) => number;
    applies?: (thresholds: Record<string, number>) => boolean;
  },
): Promise<string | null> {
  const rule = await readRule(tx, ctx.tenantId, key);
  if (!rule.enabled) return null;
  if (opts.applies && !opts.applies(rule.thresholds)) return null;
  const task = await openRuleTask(tx, ctx, {
    contactId,
    ruleKey: key,
    kind: FOLLOWUP_RULES[key].kind,
    title: opts.title,
    dueOn: addDays(schoolDay(ctx.timezone, ctx.now), opts.dueInDays?.(rule.thresholds) ?? 0),
  });
  return task?.id ?? null;
}
