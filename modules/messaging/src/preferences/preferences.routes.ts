import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { problem } from '../http/problems.ts';
import { CHANNELS } from '../notifications/schema.ts';
import { EVENT_GROUPS } from '../rules/rule.ts';
import { NotificationPreferencesSchema } from './preferences.ts';

const tags = ['Notifications'];

/**
 * The body's shape (types only). Meaning — a real time zone, HH:MM clocks, no channel twice — is
 * checked by the handler against NotificationPreferencesSchema, answering 422 naming the field.
 */
const PreferencesBody = z.strictObject({
  channels: z.strictObject(
    Object.fromEntries(EVENT_GROUPS.map((g) => [g, z.array(z.enum(CHANNELS)).optional()])) as Record<
      (typeof EVENT_GROUPS)[number],
      z.ZodOptional<z.ZodArray<z.ZodEnum<{ [K in (typeof CHANNELS)[number]]: K }>>>
    >,
  ),
  reminders: z.strictObject({ minutesBefore: z.array(z.number().int()) }),
  quietHours: z.strictObject({ start: z.string(), end: z.string(), zone: z.string() }).nullable(),
  digest: z.strictObject({ windowMinutes: z.number().int() }),
});

const Preferences = z
  .object({
    preferences: NotificationPreferencesSchema,
    groups: z.array(
      z.object({
        group: z.enum(EVENT_GROUPS),
        defaultChannels: z.array(z.enum(CHANNELS)),
        events: z.array(z.string()),
      }),
    ),
  })
  .openapi('MyNotificationPreferences');

export const getPreferences = createRoute({
  method: 'get',
  path: '/api/v1/notification-preferences',
  tags,
  summary:
    'My notification choices: channels per group of events, reminder times, quiet hours, digest window',
  security: sessionSecurity,
  responses: { 200: jsonContent(Preferences, 'Preferences'), ...problemResponses(401) },
});

export const putPreferences = createRoute({
  method: 'put',
  path: '/api/v1/notification-preferences',
  tags,
  summary:
    'Replace my notification choices (a group left out uses each event’s default channels; [] turns it off)',
  security: sessionSecurity,
  request: { body: jsonBody(PreferencesBody) },
  responses: {
    200: jsonContent(Preferences, 'Saved'),
    ...problemResponses(...BODY_PROBLEMS, 401),
    422: problem(
      'A value is not valid: an unknown time zone, a clock not HH:MM, a channel or offset listed twice',
    ),
  },
});
