import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Payments'];

export const AccountSchema = z
  .object({
    configured: z.boolean(),
    mode: z.enum(['stripe_keys', 'stripe_connect']).nullable(),
    publishableKey: z.string().nullable(),
    stripeAccountId: z.string().nullable(),
    applicationFeeBps: z.number().int(),
    manualPayments: z.literal(true),
    stripeJs: z
      .object({ url: z.string(), publishableKey: z.string(), stripeAccount: z.string().nullable() })
      .nullable()
      .openapi({
        description: 'What a browser needs to take a card with Stripe.js; null when cards are off',
      }),
  })
  .openapi('PaymentAccount');

const AccountInputSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('stripe_keys'),
      secretKey: z
        .string()
        .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'a Stripe secret key (sk_test_…/sk_live_…)'),
      publishableKey: z
        .string()
        .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, 'a Stripe publishable key (pk_test_…)'),
      webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'a webhook signing secret (whsec_…)'),
    }),
    z.strictObject({
      mode: z.literal('stripe_connect'),
      stripeAccountId: z.string().regex(/^acct_[A-Za-z0-9]+$/, 'a connected account id (acct_…)'),
      publishableKey: z
        .string()
        .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/)
        .optional(),
    }),
  ])
  .openapi('PaymentAccountInput');

export const getAccount = createRoute({
  method: 'get',
  path: '/api/v1/payments/account',
  tags,
  summary: 'How the school takes card payments (secrets are never returned)',
  security: sessionSecurity,
  responses: { 200: jsonContent(AccountSchema, 'The payment account'), ...problemResponses(401) },
});

export const putAccount = createRoute({
  method: 'put',
  path: '/api/v1/payments/account',
  tags,
  summary: 'Connect the school to Stripe: its own keys, or a Connect account (staff only)',
  security: sessionSecurity,
  request: { body: jsonBody(AccountInputSchema) },
  responses: {
    200: jsonContent(AccountSchema, 'The payment account'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 422),
  },
});
