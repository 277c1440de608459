import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
  settingsChanges,
} from '@dualcontrol/platform';
import { createRoute } from '@hono/zod-openapi';
import { PaymentSettingsSchema } from '../settings.ts';

const tags = ['Payments'];
const Settings = PaymentSettingsSchema.openapi('PaymentSettings');
const SettingsChanges = settingsChanges(PaymentSettingsSchema);

export const getSettings = createRoute({
  method: 'get',
  path: '/api/v1/payments/settings',
  tags,
  summary:
    'The school’s payment rules (commission, tax, invoice prefix, refunds on cancellation, plan retries)',
  security: sessionSecurity,
  responses: { 200: jsonContent(Settings, 'Settings in force'), ...problemResponses(401) },
});

export const updateSettings = createRoute({
  method: 'patch',
  path: '/api/v1/payments/settings',
  tags,
  summary: 'Change some payment rules (owner/admin)',
  security: sessionSecurity,
  request: { body: jsonBody(SettingsChanges.openapi('PaymentSettingsChanges')) },
  responses: {
    200: jsonContent(Settings, 'Settings in force'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403),
  },
});
