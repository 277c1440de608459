import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
  settingsChanges,
} from '@dualcontrol/platform';
import { createRoute } from '@hono/zod-openapi';
import { SchedulingPoliciesSchema } from '../settings.ts';

const tags = ['School setup'];
const Policies = SchedulingPoliciesSchema.openapi('SchedulingPolicies');
const PolicyChanges = settingsChanges(SchedulingPoliciesSchema);

export const getPolicies = createRoute({
  method: 'get',
  path: '/api/v1/scheduling/policies',
  tags,
  summary: 'The school’s booking policies (confirmation, notice, horizon, cancellation fees, limits)',
  security: sessionSecurity,
  responses: { 200: jsonContent(Policies, 'Policies in force'), ...problemResponses(401, 404) },
});

export const updatePolicies = createRoute({
  method: 'patch',
  path: '/api/v1/scheduling/policies',
  tags,
  summary: 'Change some booking policies (owner/admin)',
  security: sessionSecurity,
  request: { body: jsonBody(PolicyChanges.openapi('SchedulingPolicyChanges')) },
  responses: {
    200: jsonContent(Policies, 'Policies in force'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});
