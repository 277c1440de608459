import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Payment methods'];

export const CardSchema = z
  .object({
    id: z.string(),
    studentId: z.string(),
    brand: z.string(),
    last4: z.string(),
    expMonth: z.number().int(),
    expYear: z.number().int(),
    isDefault: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('SavedCard');

export const listCards = createRoute({
  method: 'get',
  path: '/api/v1/payment-methods',
  tags,
  summary: 'A student’s saved cards (students: their own; staff name the student)',
  security: sessionSecurity,
  request: { query: z.strictObject({ studentId: Id.optional() }) },
  responses: {
    200: jsonContent(z.object({ data: z.array(CardSchema) }), 'Saved cards'),
    ...problemResponses(400, 401, 404),
  },
});

export const saveCard = createRoute({
  method: 'post',
  path: '/api/v1/payment-methods',
  tags,
  summary: 'Save a card tokenised by Stripe.js (pm_…); the first card becomes the default',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z
        .strictObject({
          stripePaymentMethodId: z.string().regex(/^pm_[A-Za-z0-9]+$/, 'a Stripe PaymentMethod id (pm_…)'),
          studentId: Id.optional(),
          makeDefault: z.boolean().optional(),
        })
        .openapi('NewSavedCard'),
    ),
  },
  responses: {
    201: jsonContent(CardSchema, 'Saved'),
    ...problemResponses(...BODY_PROBLEMS, 401, 404, 409, 422, 503),
  },
});

export const removeCard = createRoute({
  method: 'delete',
  path: '/api/v1/payment-methods/{id}',
  tags,
  summary: 'Forget a saved card',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 404, 503) },
});

export const startCardSetup = createRoute({
  method: 'post',
  path: '/api/v1/payment-methods/setup',
  tags,
  summary:
    'Start saving a card: a SetupIntent on the student’s Stripe customer whose client secret Stripe.js confirms (then POST its pm_… here)',
  security: sessionSecurity,
  request: {
    body: jsonBody(z.strictObject({ studentId: Id.optional() }).openapi('CardSetupRequest')),
  },
  responses: {
    201: jsonContent(z.object({ clientSecret: z.string() }).openapi('CardSetup'), 'Ready for Stripe.js'),
    ...problemResponses(...BODY_PROBLEMS, 401, 404, 409, 503),
  },
});

export const makeDefaultCard = createRoute({
  method: 'post',
  path: '/api/v1/payment-methods/{id}/default',
  tags,
  summary: 'Make a saved card the student’s default (used for instalments and automatic charges)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(CardSchema, 'The new default card'), ...problemResponses(400, 401, 404) },
});
