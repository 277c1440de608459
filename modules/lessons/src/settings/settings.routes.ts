import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
  settingsChanges,
} from '@dualcontrol/platform';
import { createRoute } from '@hono/zod-openapi';
import { LessonSettingsSchema } from '../settings.ts';

const tags = ['Lessons'];
const Settings = LessonSettingsSchema.openapi('LessonSettings');
const SettingsChanges = settingsChanges(LessonSettingsSchema);

export const getSettings = createRoute({
  method: 'get',
  path: '/api/v1/lessons/settings',
  tags,
  summary: 'The school’s lesson rules (edit window, mock test marking, theory validity, readiness target)',
  security: sessionSecurity,
  responses: { 200: jsonContent(Settings, 'Settings in force'), ...problemResponses(401) },
});

export const updateSettings = createRoute({
  method: 'patch',
  path: '/api/v1/lessons/settings',
  tags,
  summary: 'Change some lesson rules (office)',
  security: sessionSecurity,
  request: { body: jsonBody(SettingsChanges.openapi('LessonSettingsChanges')) },
  responses: {
    200: jsonContent(Settings, 'Settings in force'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403),
  },
});
