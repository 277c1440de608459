import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  idempotency,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { Money, PaymentResultSchema } from '../payments/payment-schemas.ts';

const tags = ['Packages'];

export const PackageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    priceMinor: z.number().int(),
    creditMinor: z.number().int(),
    currency: z.string(),
    validityDays: z.number().int().nullable(),
    active: z.boolean(),
  })
  .openapi('LessonPackage');

const PackageFields = {
  name: z.string().min(1).max(120),
  description: z.string().max(1000).optional(),
  priceMinor: Money,
  creditMinor: Money,
  validityDays: z.number().int().min(1).max(3650).nullable().optional(),
  active: z.boolean().optional(),
};

export const listPackages = createRoute({
  method: 'get',
  path: '/api/v1/packages',
  tags,
  summary: 'Lesson packages on sale (staff also see retired ones)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(z.object({ data: z.array(PackageSchema) }), 'Packages'),
    ...problemResponses(401),
  },
});

export const createPackage = createRoute({
  method: 'post',
  path: '/api/v1/packages',
  tags,
  summary: 'Offer a package, e.g. 10 hours of lessons at a discount (staff only)',
  security: sessionSecurity,
  request: { body: jsonBody(z.strictObject(PackageFields).openapi('NewLessonPackage')) },
  responses: {
    201: jsonContent(PackageSchema, 'Created'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 409, 422),
  },
});

export const updatePackage = createRoute({
  method: 'patch',
  path: '/api/v1/packages/{id}',
  tags,
  summary: 'Change or retire a package; credit already bought keeps its terms (staff only)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(z.strictObject(PackageFields).partial().openapi('LessonPackageChanges')),
  },
  responses: {
    200: jsonContent(PackageSchema, 'Updated'),
    // 409: renamed to another package's name.
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422),
  },
});

export const purchasePackage = createRoute({
  method: 'post',
  path: '/api/v1/packages/{id}/purchase',
  tags,
  summary:
    'Buy a package with a saved card; its credit arrives when the payment succeeds; honours Idempotency-Key',
  security: sessionSecurity,
  middleware: [idempotency] as const,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          paymentMethodId: Id.optional(),
          studentId: Id.optional(),
        })
        .openapi('PackagePurchase'),
    ),
  },
  responses: {
    201: jsonContent(PaymentResultSchema, 'Paid (credit granted) or pending the bank'),
    ...problemResponses(...BODY_PROBLEMS, 401, 402, 404, 409, 422, 503),
  },
});
