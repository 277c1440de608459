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
import { Day, Moment } from '../http-schemas.ts';
import { TEST_KINDS, TEST_STATUSES } from '../schema.ts';

const tags = ['Tests'];
const Count = z.number().int().min(0).max(99);
const Faults = z
  .array(z.strictObject({ skillId: Id, driving: Count, serious: Count, dangerous: Count }))
  .max(200)
  .refine((f) => new Set(f.map((x) => x.skillId)).size === f.length, { message: 'a skill appears twice' })
  .openapi('SkillFaults');
const FaultsOut = z.array(
  z.object({ skillId: z.string(), driving: z.number(), serious: z.number(), dangerous: z.number() }),
);

const MockTest = z
  .object({
    id: z.string(),
    studentId: z.string(),
    instructorId: z.string().nullable(),
    takenAt: z.string(),
    faults: FaultsOut,
    drivingFaults: z.number().int(),
    seriousFaults: z.number().int(),
    dangerousFaults: z.number().int(),
    upgradedFaults: z.number().int(),
    result: z.enum(['pass', 'fail']),
    summary: z.string().nullable(),
  })
  .openapi('MockTest');

const TestRecord = z
  .object({
    id: z.string(),
    studentId: z.string(),
    kind: z.enum(TEST_KINDS),
    testOn: z.string(),
    centreLocationId: z.string().nullable(),
    status: z.enum(TEST_STATUSES),
    faults: FaultsOut,
    drivingFaults: z.number().int().nullable(),
    seriousFaults: z.number().int().nullable(),
    dangerousFaults: z.number().int().nullable(),
    notes: z.string().nullable(),
    resultRecordedAt: z.string().nullable(),
  })
  .openapi('TestRecord');

export const recordMockTest = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/mock-tests',
  tags,
  summary:
    'A mock test marked like the real one: faults per skill; pass = at most 15 driving faults and no serious or dangerous fault',
  description:
    'With the school setting `upgradeRepeatedDrivingFaults`, `repeatedDrivingFaultsThreshold` driving faults on one skill are marked as one serious fault.',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        takenAt: Moment.optional(),
        faults: Faults,
        summary: z.string().trim().max(5000).optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(MockTest, 'Marked'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const listMockTests = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/mock-tests',
  tags,
  summary: 'A student’s mock tests, newest first',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(MockTest) }), 'Mock tests'),
    ...problemResponses(400, 401, 404),
  },
});

export const bookTest = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/tests',
  tags,
  summary: 'Record a booked theory or practical test (a practical one must fall within the theory pass)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        kind: z.enum(TEST_KINDS),
        testOn: Day,
        centreLocationId: Id.optional().openapi({ description: 'A location of kind test_centre' }),
        notes: z.string().trim().max(2000).optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(TestRecord, 'Booked'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const listTests = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/tests',
  tags,
  summary: 'A student’s theory and practical tests, latest first',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(TestRecord) }), 'Tests'),
    ...problemResponses(400, 401, 404),
  },
});

export const recordTestResult = createRoute({
  method: 'post',
  path: '/api/v1/tests/{id}/result',
  tags,
  summary: 'The result of a test, with the examiner’s faults per skill (once)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        result: z.enum(['passed', 'failed']),
        faults: Faults.optional(),
        notes: z.string().trim().max(2000).optional(),
      }),
    ),
  },
  responses: {
    200: jsonContent(TestRecord, 'Recorded'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});
