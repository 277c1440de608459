import { IdParams, jsonContent, problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const InstructorStudentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    assigned: z.boolean().openapi({ description: 'The school assigned this student to the instructor' }),
    primary: z.boolean(),
    nextLesson: z
      .object({ bookingId: z.string(), start: z.string(), end: z.string(), status: z.string() })
      .nullable(),
    lessonsTaught: z.number().int().openapi({ description: 'Completed lessons with this instructor' }),
  })
  .openapi('InstructorStudent');

export const listInstructorStudents = createRoute({
  method: 'get',
  path: '/api/v1/instructors/{id}/students',
  tags: ['People'],
  summary:
    "An instructor's students (assigned, or with a lesson booked with them), each with the next lesson and lessons taught (the instructor, or owner/admin)",
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(InstructorStudentSchema) }), 'Students'),
    ...problemResponses(400, 401, 403, 404),
  },
});
