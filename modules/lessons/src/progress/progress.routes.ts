import { IdParams, jsonContent, problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { SKILL_LEVELS } from '../schema.ts';

const tags = ['Progress'];

const StudentProgress = z
  .object({
    studentId: z.string(),
    lessons: z.number().int(),
    minutesTaught: z.number().int(),
    nightMinutesTaught: z.number().int(),
    theoryValidUntil: z.string().nullable(),
    nextPracticalTestOn: z.string().nullable(),
    skills: z.array(
      z.object({
        skillId: z.string(),
        name: z.string(),
        categoryId: z.string(),
        categoryName: z.string(),
        level: z.number().int().nullable(),
        levelName: z.enum(SKILL_LEVELS).nullable(),
        previousLevel: z.number().int().nullable(),
        trend: z.enum(['new', 'up', 'down', 'steady']).nullable(),
        lastPractisedAt: z.string().nullable(),
        timesPractised: z.number().int(),
      }),
    ),
    readiness: z.object({
      score: z.number().int().min(0).max(100),
      summary: z.string(),
      components: z.array(
        z.object({
          key: z.enum(['skills', 'mockTests', 'hours', 'theory']),
          weight: z.number(),
          points: z.number(),
          detail: z.string(),
        }),
      ),
    }),
    recommendations: z.array(
      z.object({
        skillId: z.string(),
        name: z.string(),
        level: z.number().int().nullable(),
        score: z.number(),
        reasons: z.array(z.string()),
      }),
    ),
  })
  .openapi('StudentProgress');

export const getProgress = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/progress',
  tags,
  summary:
    'A student’s skills (level, trend, last practised), test readiness 0–100 with its reasons, and what to practise next',
  description:
    'Visible to the student, the instructors who have taught them, a linked guardian and the office; anyone else gets 404.',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(StudentProgress, 'Progress'), ...problemResponses(400, 401, 404) },
});
