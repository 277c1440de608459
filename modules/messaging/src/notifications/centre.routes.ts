import {
  IdParams,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { NOTIFICATION_STATUSES } from './schema.ts';

const tags = ['Notifications'];

export const Notification = z
  .object({
    id: z.string(),
    eventType: z.string(),
    title: z.string(),
    body: z.string(),
    url: z.string().nullable(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    critical: z.boolean(),
    status: z.enum(NOTIFICATION_STATUSES),
    read: z.boolean(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Notification');

export const listNotifications = createRoute({
  method: 'get',
  path: '/api/v1/notifications',
  tags,
  summary: 'My notification centre: my notifications, newest first (cursor); `unread=true` for unread only',
  security: sessionSecurity,
  request: {
    query: PageQuerySchema.extend({
      unread: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => v === 'true'),
    }),
  },
  responses: {
    200: jsonContent(page(Notification, 'NotificationPage'), 'Notifications'),
    ...problemResponses(400, 401),
  },
});

export const unreadCount = createRoute({
  method: 'get',
  path: '/api/v1/notifications/unread-count',
  tags,
  summary: 'How many of my notifications are unread (the badge in the navigation)',
  security: sessionSecurity,
  responses: { 200: jsonContent(z.object({ unread: z.number().int() }), 'Unread'), ...problemResponses(401) },
});

export const markRead = createRoute({
  method: 'post',
  path: '/api/v1/notifications/{id}/read',
  tags,
  summary: 'Mark one of my notifications read (live: notification.read)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Notification, 'Read'), ...problemResponses(400, 401, 404) },
});

export const markAllRead = createRoute({
  method: 'post',
  path: '/api/v1/notifications/read-all',
  tags,
  summary: 'Mark all my notifications read (live: notification.read with id "all")',
  security: sessionSecurity,
  responses: { 200: jsonContent(z.object({ updated: z.number().int() }), 'Read'), ...problemResponses(401) },
});
