import { IdParams, jsonContent, problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Calendar'];

export const createFeed = createRoute({
  method: 'post',
  path: '/api/v1/calendar-feeds',
  tags,
  summary: 'A secret ICS link to the caller’s lessons (the URL is shown once)',
  security: sessionSecurity,
  responses: {
    201: jsonContent(z.object({ id: z.string(), url: z.string() }).openapi('CalendarFeed'), 'Created'),
    ...problemResponses(401, 404),
  },
});

export const revokeFeed = createRoute({
  method: 'delete',
  path: '/api/v1/calendar-feeds/{id}',
  tags,
  summary: 'Revoke an ICS link: it stops working at once',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 204: { description: 'Revoked' }, ...problemResponses(400, 401, 404) },
});

export const readFeed = createRoute({
  method: 'get',
  path: '/api/v1/calendar-feeds/{token}/lessons.ics',
  tags,
  summary: 'The RFC 5545 calendar behind a secret link (no sign-in: the link is the secret)',
  request: { params: z.strictObject({ token: z.string().regex(/^[a-z2-7]{32}$/, 'not a feed token') }) },
  responses: {
    200: { description: 'iCalendar', content: { 'text/calendar': { schema: z.string() } } },
    ...problemResponses(400, 404),
  },
});
