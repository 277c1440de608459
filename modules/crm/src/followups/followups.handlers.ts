import { type AppEnv, badRequest } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withCrm } from '../http-context.ts';
import { ensureCrmDefaults } from '../services/crm-defaults.ts';
import type * as routes from './followups.routes.ts';
import { readRules, updateRule as update } from './read-rules.ts';
import { FOLLOWUP_RULES, type RuleKey } from './rules.ts';

export const listRules: RouteHandler<typeof routes.listRules, AppEnv> = async (c) =>
  c.json({ data: await withCrm(c, 'crm:rules:manage', (tx, ctx) => readRules(tx, ctx.tenantId)) }, 200);

export const updateRule: RouteHandler<typeof routes.updateRule, AppEnv> = async (c) => {
  const key = c.req.valid('param').key as RuleKey;
  const body = c.req.valid('json');
  // Only the thresholds the rule has: a typo is a 400, not a setting nobody reads.
  const known = Object.keys(FOLLOWUP_RULES[key].thresholds);
  const unknown = Object.keys(body.thresholds ?? {}).filter((k) => !known.includes(k));
  if (unknown.length)
    throw badRequest(
      'crm.unknown_threshold',
      `The rule ${key} has ${known.length ? `these thresholds: ${known.join(', ')}` : 'no thresholds'}.`,
      unknown.map((k) => ({ path: `body.thresholds.${k}`, message: 'not a threshold of this rule' })),
    );
  const rule = await withCrm(c, 'crm:rules:manage', async (tx, ctx) => {
    await ensureCrmDefaults(tx, ctx.tenantId);
    return update(tx, ctx.tenantId, key, body);
  });
  return c.json(rule, 200);
};
