import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Lessons'];
const Level = z.number().int().min(1).max(5).openapi({
  description: '1 introduced · 2 helped · 3 prompted · 4 independent · 5 reflection',
});

const LessonFields = {
  id: z.string(),
  bookingId: z.string(),
  studentId: z.string(),
  instructorId: z.string(),
  taughtAt: z.string(),
  minutes: z.number().int(),
  nightMinutes: z.number().int(),
  notes: z.string().nullable(),
  recordedAt: z.string().nullable(),
  editableUntil: z.string().nullable(),
};
const Lesson = z.object({ ...LessonFields, locked: z.boolean() }).openapi('Lesson');
const LessonDetail = z
  .object({
    ...LessonFields,
    locked: z.boolean(),
    entries: z.array(
      z.object({
        skillId: z.string(),
        skillName: z.string(),
        level: z.number().int(),
        note: z.string().nullable(),
      }),
    ),
    evaluation: z
      .object({
        rating: z.number().int(),
        summary: z.string().nullable(),
        strengths: z.string().nullable(),
        improvements: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('LessonDetail');

export const listLessons = createRoute({
  method: 'get',
  path: '/api/v1/lessons',
  tags,
  summary: 'Lessons the caller may see, newest first (office: all; instructor: taught; student: taken)',
  security: sessionSecurity,
  request: {
    query: PageQuerySchema.extend({ studentId: Id.optional(), instructorId: Id.optional() }),
  },
  responses: { 200: jsonContent(page(Lesson, 'LessonPage'), 'Lessons'), ...problemResponses(400, 401) },
});

export const getLesson = createRoute({
  method: 'get',
  path: '/api/v1/lessons/{id}',
  tags,
  summary: 'One lesson with its skill entries and evaluation (its instructor, its student, the office)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(LessonDetail, 'Lesson'), ...problemResponses(400, 401, 404) },
});

export const RecordBody = z
  .strictObject({
    entries: z
      .array(z.strictObject({ skillId: Id, level: Level, note: z.string().trim().max(1000).optional() }))
      .max(200)
      .refine((e) => new Set(e.map((x) => x.skillId)).size === e.length, {
        message: 'a skill appears twice',
      }),
    notes: z.string().trim().max(5000).optional(),
    nightMinutes: z.number().int().min(0).max(1440).optional(),
  })
  .openapi('LessonRecord');

export const recordLesson = createRoute({
  method: 'put',
  path: '/api/v1/lessons/{id}/record',
  tags,
  summary:
    'Record a lesson: every skill practised with its level (the whole record; editable for 48 h after it is first saved)',
  security: sessionSecurity,
  request: { params: IdParams, body: jsonBody(RecordBody) },
  responses: {
    200: jsonContent(
      z
        .object({
          ...LessonFields,
          recordedAt: z.string(),
          editableUntil: z.string(),
          entries: z.array(
            z.object({ skillId: z.string(), level: z.number().int(), note: z.string().nullable() }),
          ),
          changes: z.array(
            z.object({
              skillId: z.string(),
              from: z.number().int().nullable(),
              to: z.number().int().nullable(),
            }),
          ),
        })
        .openapi('RecordedLesson'),
      'Recorded; `changes` are the skills whose current level moved',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const evaluateLesson = createRoute({
  method: 'put',
  path: '/api/v1/lessons/{id}/evaluation',
  tags,
  summary: 'The instructor’s overall assessment of a lesson (set or replace)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        rating: z.number().int().min(1).max(5),
        summary: z.string().trim().max(5000).optional(),
        strengths: z.string().trim().max(2000).optional(),
        improvements: z.string().trim().max(2000).optional(),
      }),
    ),
  },
  responses: {
    200: jsonContent(
      z.object({
        id: z.string(),
        lessonId: z.string(),
        rating: z.number().int(),
        summary: z.string().nullable(),
        strengths: z.string().nullable(),
        improvements: z.string().nullable(),
      }),
      'Evaluated',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});
