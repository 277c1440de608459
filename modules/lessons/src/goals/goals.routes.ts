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
import { Day } from '../http-schemas.ts';

const tags = ['Progress'];
const Goal = z
  .object({
    id: z.string(),
    studentId: z.string(),
    title: z.string(),
    targetTestOn: z.string().nullable(),
    weeklyLessons: z.number().int().nullable(),
    skillIds: z.array(z.string()),
    targetLevel: z.number().int(),
    status: z.enum(['active', 'reached', 'abandoned']),
    reachedAt: z.string().nullable(),
    skillsAtTarget: z.number().int(),
  })
  .openapi('StudentGoal');

export const createGoal = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/goals',
  tags,
  summary: 'Set a goal: a test date, lessons a week, skills to bring to a level (reached: goal.reached)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        title: z.string().trim().min(1).max(200),
        targetTestOn: Day.optional(),
        weeklyLessons: z.number().int().min(1).max(14).optional(),
        skillIds: z.array(Id).max(200).optional(),
        targetLevel: z.number().int().min(1).max(5).optional(),
      }),
    ),
  },
  responses: { 201: jsonContent(Goal, 'Set'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const listGoals = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/goals',
  tags,
  summary: 'A student’s goals, with how many of each goal’s skills are at the target level',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(Goal) }), 'Goals'),
    ...problemResponses(400, 401, 404),
  },
});
