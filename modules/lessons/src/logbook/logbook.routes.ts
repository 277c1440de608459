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
import { PRACTICE_STATUSES } from '../schema.ts';
import { LOGBOOK_RULE_IDS } from './logbook-rules.ts';

const tags = ['Logbook'];

const Minutes = z.number().int();
const Logbook = z
  .object({
    studentId: z.string(),
    rules: z.enum(LOGBOOK_RULE_IDS),
    taught: z.object({ lessons: Minutes, minutes: Minutes, dayMinutes: Minutes, nightMinutes: Minutes }),
    practice: z.object({
      confirmed: z.object({ entries: Minutes, minutes: Minutes, dayMinutes: Minutes, nightMinutes: Minutes }),
      pending: z.object({ entries: Minutes, minutes: Minutes }),
      rejected: z.object({ entries: Minutes }),
    }),
    credited: z.object({
      professionalMinutes: Minutes,
      bonusMinutes: Minutes,
      practiceMinutes: Minutes,
      totalMinutes: Minutes,
      nightMinutes: Minutes,
    }),
    requirement: z
      .object({
        rules: z.enum(['au-nsw', 'au-qld']),
        name: z.string(),
        totalMinutes: Minutes,
        nightMinutes: Minutes,
        professionalMultiplier: z.number(),
        professionalCapMinutes: Minutes,
      })
      .nullable(),
    missing: z.object({ totalMinutes: Minutes, nightMinutes: Minutes }).nullable(),
    complete: z.boolean().nullable(),
    explanation: z.array(z.string()),
    lessons: z.array(
      z.object({
        id: z.string(),
        taughtAt: z.string(),
        minutes: Minutes,
        dayMinutes: Minutes,
        nightMinutes: Minutes,
        nightSource: z.enum(['sun', 'instructor']).openapi({
          description:
            'sun: computed between sunset and sunrise at the pickup (else the school office) coordinates; instructor: no coordinates known, the night minutes the instructor recorded',
        }),
      }),
    ),
  })
  .openapi('Logbook');

const PracticeEntry = z
  .object({
    id: z.string(),
    studentId: z.string(),
    date: z.string(),
    start: z.string(),
    minutes: Minutes,
    nightMinutes: Minutes,
    supervisorUserId: z.string(),
    supervisorName: z.string(),
    notes: z.string().nullable(),
    status: z.enum(PRACTICE_STATUSES),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('PracticeEntry');

export const getLogbook = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/logbook',
  tags,
  summary:
    'A learner’s logbook: hours taught (day/night) and confirmed private practice, against the school’s logbook rules (none, NSW, QLD), with what is still missing, explained',
  description:
    'Visible to the learner, the instructors who have taught them, a linked guardian and the office; anyone else gets 404.',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Logbook, 'The logbook'), ...problemResponses(400, 401, 404) },
});

export const listPracticeEntries = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/practice-entries',
  tags,
  summary: 'A learner’s private practice entries, newest first (optionally one status)',
  security: sessionSecurity,
  request: { params: IdParams, query: z.strictObject({ status: z.enum(PRACTICE_STATUSES).optional() }) },
  responses: {
    200: jsonContent(z.object({ data: z.array(PracticeEntry) }), 'Practice entries'),
    ...problemResponses(400, 401, 404),
  },
});

export const submitPracticeEntry = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/practice-entries',
  tags,
  summary:
    'Log a private practice drive (the learner, or the office): it counts once the supervising guardian confirms it',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        date: Day.openapi({ description: 'The day of the drive, at the school' }),
        start: z
          .string()
          .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time of day, HH:MM')
          .openapi({ description: 'When the drive started, the school’s wall clock' }),
        minutes: z.number().int().min(1).max(720),
        nightMinutes: z.number().int().min(0).max(720).optional(),
        supervisorUserId: Id.openapi({
          description: 'The guardian who supervised (a guardian of this learner)',
        }),
        notes: z.string().trim().max(1000).optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(PracticeEntry, 'Logged, waiting for the supervisor'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

const decide = (action: 'confirm' | 'reject') =>
  createRoute({
    method: 'post',
    path: `/api/v1/practice-entries/{id}/${action}`,
    tags,
    summary:
      action === 'confirm'
        ? 'Confirm a practice drive (its supervising guardian, or the office): it then counts in the logbook'
        : 'Reject a practice drive (its supervising guardian, or the office): it never counts',
    security: sessionSecurity,
    request: { params: IdParams },
    responses: {
      200: jsonContent(PracticeEntry, action === 'confirm' ? 'Confirmed' : 'Rejected'),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  });

export const confirmPracticeEntry = decide('confirm');
export const rejectPracticeEntry = decide('reject');
