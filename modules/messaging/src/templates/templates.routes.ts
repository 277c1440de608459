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

const tags = ['Notifications'];

const TemplateKeyParams = z.strictObject({
  eventType: z.string().min(1).max(100).openapi({ example: 'booking.confirmed' }),
  channel: z.enum(CHANNELS),
  locale: z.string().min(2).max(20).openapi({ example: 'en-GB' }),
});
const VersionParams = TemplateKeyParams.extend({ version: z.coerce.number().int().min(1).max(100_000) });

const Source = z.object({ subject: z.string(), body: z.string(), html: z.string().nullable() });
const Version = z
  .object({
    id: z.string(),
    version: z.number().int(),
    subject: z.string(),
    body: z.string(),
    html: z.string().nullable(),
    active: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('NotificationTemplateVersion');
const Template = z
  .object({
    eventType: z.string(),
    channel: z.enum(CHANNELS),
    locale: z.string(),
    default: Source,
    activeVersion: z.number().int().nullable(),
    versions: z.array(Version),
  })
  .openapi('NotificationTemplate');
const Rendered = z
  .object({
    subject: z.string(),
    text: z.string(),
    html: z.string().optional(),
    url: z.string().optional(),
  })
  .openapi('RenderedNotification');

const SourceBody = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(10_000),
  html: z.string().max(50_000).nullable().optional(),
});

const invalid = problem(
  'The template is not valid Liquid, uses a name this event does not provide, or leaves out one it must use',
);
const MANAGE = 'Needs messaging:templates:manage (owners and admins).';

export const listTemplateEvents = createRoute({
  method: 'get',
  path: '/api/v1/notification-templates',
  tags,
  summary: 'Every event that notifies someone, with the variables its templates may and must use',
  description: MANAGE,
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z.object({
        data: z.array(
          z.object({
            eventType: z.string(),
            group: z.string(),
            defaultChannels: z.array(z.enum(CHANNELS)),
            variables: z.array(z.string()),
            required: z.array(z.string()),
            digest: z.boolean(),
          }),
        ),
        locales: z.array(z.string()),
      }),
      'Events',
    ),
    ...problemResponses(401, 403),
  },
});

export const getTemplate = createRoute({
  method: 'get',
  path: '/api/v1/notification-templates/{eventType}/{channel}/{locale}',
  tags,
  summary:
    'One event’s template on a channel in a language: the shipped default, saved versions, the one in use',
  description: MANAGE,
  security: sessionSecurity,
  request: { params: TemplateKeyParams },
  responses: { 200: jsonContent(Template, 'Template'), ...problemResponses(400, 401, 403, 404) },
});

export const saveTemplate = createRoute({
  method: 'post',
  path: '/api/v1/notification-templates/{eventType}/{channel}/{locale}/versions',
  tags,
  summary:
    'Save a new version (Liquid; checked now, not at send time) and put it in use unless `activate` is false',
  description: MANAGE,
  security: sessionSecurity,
  request: {
    params: TemplateKeyParams,
    body: jsonBody(SourceBody.extend({ activate: z.boolean().optional() })),
  },
  responses: {
    201: jsonContent(Version, 'Saved'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
    422: invalid,
  },
});

export const activateTemplate = createRoute({
  method: 'post',
  path: '/api/v1/notification-templates/{eventType}/{channel}/{locale}/versions/{version}/activate',
  tags,
  summary: 'Put a saved version in use',
  description: MANAGE,
  security: sessionSecurity,
  request: { params: VersionParams },
  responses: { 200: jsonContent(Template, 'In use'), ...problemResponses(400, 401, 403, 404) },
});

export const revertTemplate = createRoute({
  method: 'post',
  path: '/api/v1/notification-templates/{eventType}/{channel}/{locale}/revert',
  tags,
  summary: 'Go back to the shipped default (saved versions are kept)',
  description: MANAGE,
  security: sessionSecurity,
  request: { params: TemplateKeyParams },
  responses: { 200: jsonContent(Template, 'Default in use'), ...problemResponses(400, 401, 403, 404) },
});

export const previewTemplate = createRoute({
  method: 'post',
  path: '/api/v1/notification-templates/{eventType}/{channel}/{locale}/preview',
  tags,
  summary:
    'Render a template with sample data (the one sent, else the one in use), email in the school’s layout',
  description: MANAGE,
  security: sessionSecurity,
  request: {
    params: TemplateKeyParams,
    body: jsonBody(SourceBody.partial()),
  },
  responses: {
    200: jsonContent(Rendered, 'Preview'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
    422: invalid,
  },
});
