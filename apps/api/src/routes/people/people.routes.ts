import {
  BODY_PROBLEMS,
  EmailSchema,
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
