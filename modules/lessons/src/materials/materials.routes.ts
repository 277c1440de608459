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
import { MATERIAL_KINDS } from '../schema.ts';

const tags = ['Lessons'];
const Material = z
  .object({
    id: z.string(),
    studentId: z.string().nullable(),
    lessonId: z.string().nullable(),
    kind: z.enum(MATERIAL_KINDS),
    title: z.string(),
    url: z.string().nullable(),
    description: z.string().nullable(),
    assignedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('LessonMaterial');

export const assignMaterial = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/materials',
  tags,
  summary: 'Assign a link, file or reading to a student, optionally for one of their lessons',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        kind: z.enum(MATERIAL_KINDS),
        title: z.string().trim().min(1).max(200),
        url: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .optional(),
        description: z.string().trim().max(2000).optional(),
        lessonId: Id.optional(),
      }),
    ),
  },
  responses: { 201: jsonContent(Material, 'Assigned'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const listMaterials = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/materials',
  tags,
  summary: 'What a student has been given to read or watch, newest first',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(Material) }), 'Materials'),
    ...problemResponses(400, 401, 404),
  },
});
