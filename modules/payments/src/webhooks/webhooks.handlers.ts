import { type AppEnv, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { paymentDeps } from '../http-context.ts';
import { receiveWebhook } from '../services/stripe-webhooks.ts';
import type * as routes from './webhooks.routes.ts';

export const stripeWebhook: RouteHandler<typeof routes.stripeWebhook, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  // The signature covers the exact bytes Stripe sent: read them raw, never re-serialised JSON.
  const raw = await c.req.text();
  const { duplicate } = await receiveWebhook(
    paymentDeps(c),
    tenant.id,
    raw,
    c.req.header('stripe-signature'),
  );
  return c.json({ received: true as const, duplicate }, 200);
};
