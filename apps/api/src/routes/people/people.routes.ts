import {
  BODY_PROBLEMS,
  EmailSchema,
  IdParams,
  idempotency,
  jsonBody,
  jsonContent,
  NameSchema,
  PageQuerySchema,
  PasswordSchema,
  page,
  problemResponses,
  requireSession,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { PersonSchema } from '../schemas.ts';

export const NewPersonSchema = z
  .strictObject({
    name: NameSchema,
    email: EmailSchema,
    password: PasswordSchema.optional().openapi({ description: 'Omitted: the person sets one when invited' }),
  })
  .openapi('NewPerson');

const PersonPageSchema = page(PersonSchema, 'PersonPage');

/** Instructors and students are created and listed alike; only the path and the role differ. */
function peopleRoutes(collection: 'instructors' | 'students', noun: string) {
  const tags = ['People'];
  return {
    create: createRoute({
      method: 'post',
      path: `/api/v1/${collection}`,
      tags,
      summary: `Add ${noun} to the school (owner/admin); honours Idempotency-Key`,
      security: sessionSecurity,
      middleware: [requireSession, idempotency] as const,
      request: {
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: jsonBody(NewPersonSchema),
      },
      responses: {
        201: jsonContent(PersonSchema, 'Created'),
        ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422),
      },
    }),
    list: createRoute({
      method: 'get',
      path: `/api/v1/${collection}`,
      tags,
      summary: `List the school's ${collection}`,
      security: sessionSecurity,
      middleware: [requireSession] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(PersonPageSchema, `A page of ${collection}`),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
  };
}

export const instructorRoutes = peopleRoutes('instructors', 'an instructor');
export const studentRoutes = peopleRoutes('students', 'a student');

export const InstructorProfileSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    bio: z.string().nullable(),
    photoUrl: z.string().nullable(),
    transmissions: z.array(z.enum(['manual', 'automatic'])),
    languages: z.array(z.string()),
    workingArea: z.object({ lat: z.number(), lng: z.number(), radiusKm: z.number() }).nullable(),
    hourlyRateMinor: z.number().int().nullable(),
  })
  .openapi('InstructorProfile');

export const updateInstructorProfile = createRoute({
  method: 'patch',
  path: '/api/v1/instructors/{id}',
  tags: ['People'],
  summary: "Change an instructor's profile (the instructor, or owner/admin)",
  security: sessionSecurity,
  middleware: [requireSession] as const,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          bio: z.string().max(2000).nullable().optional(),
          photoUrl: z.url().max(500).nullable().optional(),
          transmissions: z
            .array(z.enum(['manual', 'automatic']))
            .min(1)
            .max(2)
            .optional(),
          languages: z.array(z.string().min(2).max(35)).max(10).optional(),
          workingArea: z
            .strictObject({
              lat: z.number().min(-90).max(90),
              lng: z.number().min(-180).max(180),
              radiusKm: z.number().positive().max(500),
            })
            .nullable()
            .optional(),
          hourlyRateMinor: z.number().int().min(0).max(1_000_000).nullable().optional(),
        })
        .openapi('InstructorProfileChanges'),
    ),
  },
  responses: {
    200: jsonContent(InstructorProfileSchema, 'The profile'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const inviteStudent = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/invitation',
  tags: ['People'],
  summary:
    'Mail a student who has no password yet a one-time link (valid a week) to choose one (owner/admin)',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          setPasswordUrl: z.url('not a URL').max(500).openapi({
            description: 'The page on the school’s own host that takes `?token=` (e.g. /reset-password)',
          }),
        })
        .openapi('StudentInvitation'),
    ),
  },
  responses: {
    202: jsonContent(
      z.object({ sentTo: z.string(), expiresAt: z.string() }).openapi('InvitationSent'),
      'The invitation is on its way',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});
