import { jsonContent, problemResponses } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

export const stripeWebhook = createRoute({
  method: 'post',
  path: '/api/v1/webhooks/stripe',
  tags: ['Webhooks'],
  summary: 'Stripe events for this school (Stripe-Signature verified over the raw body; no session)',
  request: { headers: z.object({ 'stripe-signature': z.string().optional() }) },
  responses: {
    200: jsonContent(
      z.object({ received: z.literal(true), duplicate: z.boolean() }).openapi('WebhookReceipt'),
      'Stored (or already seen); processed through the outbox',
    ),
    ...problemResponses(400, 404, 409),
  },
});
