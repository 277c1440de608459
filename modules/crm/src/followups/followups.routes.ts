import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { RULE_KEYS } from './rules.ts';

const tags = ['CRM'];
const Rule = z
  .object({
    key: z.enum(RULE_KEYS as [string, ...string[]]),
    enabled: z.boolean(),
    thresholds: z.record(z.string(), z.number()),
  })
  .openapi('CrmFollowupRule');

export const listRules = createRoute({
  method: 'get',
  path: '/api/v1/crm/followup-rules',
  tags,
  summary: 'The school’s follow-up rules: on/off and thresholds',
  security: sessionSecurity,
  responses: { 200: jsonContent(z.object({ data: z.array(Rule) }), 'Rules'), ...problemResponses(401, 403) },
});

export const updateRule = createRoute({
  method: 'patch',
  path: '/api/v1/crm/followup-rules/{key}',
  tags,
  summary: 'Turn a follow-up rule on or off, or change its thresholds',
  security: sessionSecurity,
  request: {
    params: z.strictObject({ key: z.enum(RULE_KEYS as [string, ...string[]]) }),
    body: jsonBody(
      z
        .strictObject({
          enabled: z.boolean().optional(),
          thresholds: z.record(z.string(), z.number().int().min(0).max(10_000_000)).optional(),
        })
        .refine((b) => b.enabled !== undefined || b.thresholds !== undefined, {
          message: 'nothing to change',
        }),
    ),
  },
  responses: { 200: jsonContent(Rule, 'Changed'), ...problemResponses(...BODY_PROBLEMS, 401, 403) },
});
