import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
  settingsChanges,
} from '@dualcontrol/platform';
import { createRoute } from '@hono/zod-openapi';
import { AnalyticsSettingsSchema } from '../settings.ts';

const tags = ['Analytics'];
const Settings = AnalyticsSettingsSchema.openapi('AnalyticsSettings');
const SettingsChanges = settingsChanges(AnalyticsSettingsSchema);

export const getSettings = createRoute({
  method: 'get',
  path: '/api/v1/analytics/settings',
  tags,
  summary: 'The school’s analytics settings (national pass rate, late-cancellation notice) (owner/admin)',
  security: sessionSecurity,
  responses: { 200: jsonContent(Settings, 'Settings in force'), ...problemResponses(401, 403) },
});

export const updateSettings = createRoute({
  method: 'patch',
  path: '/api/v1/analytics/settings',
  tags,
  summary:
    'Change some analytics settings (owner/admin); a new late-cancellation notice counts from the next rebuild',
  security: sessionSecurity,
  request: { body: jsonBody(SettingsChanges.openapi('AnalyticsSettingsChanges')) },
  responses: {
    200: jsonContent(Settings, 'Settings in force'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403),
  },
});
