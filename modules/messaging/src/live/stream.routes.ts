import { problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute } from '@hono/zod-openapi';

export const liveStream = createRoute({
  method: 'get',
  path: '/api/v1/messaging/stream',
  tags: ['Messaging'],
  summary: 'My live updates (Server-Sent Events)',
  description:
    'text/event-stream for the signed-in person: `event:` is the kind (message.created, message.updated, thread.read, notification.created, notification.read), `data:` JSON `{id, threadId?}` — ids only, the page fetches the rest. A comment line every 20 s keeps proxies from closing it; the server ends a stream after 5 minutes (EventSource reconnects with the session, so a signed-out session stops receiving).',
  security: sessionSecurity,
  responses: {
    200: { description: 'The stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    ...problemResponses(401),
  },
});
