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
import { Contact, Moment } from '../http-schemas.ts';

const tags = ['CRM'];

export const listMatches = createRoute({
  method: 'get',
  path: '/api/v1/crm/contacts/{id}/matches',
  tags,
  summary:
    'Instructors for a contact, best first: working area (postcode district, then area), gearbox, free hours a week over the next 4 weeks',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(
      z
        .object({
          data: z.array(
            z.object({
              instructorId: z.string(),
              name: z.string(),
              transmissions: z.array(z.string()),
              area: z.enum(['district', 'area', 'unknown', 'outside']),
              freeHoursPerWeek: z.number(),
            }),
          ),
        })
        .openapi('CrmInstructorMatches'),
      'Ranked instructors',
    ),
    ...problemResponses(400, 401, 403, 404),
  },
});

export const offerTrialLesson = createRoute({
  method: 'post',
  path: '/api/v1/crm/contacts/{id}/trial-lesson',
  tags,
  summary:
    'Book a trial lesson for a contact who is a student (scheduling’s rules apply); moves it to trial_lesson',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        instructorId: Id,
        start: Moment,
        durationMinutes: z.number().int().min(15).max(600).default(60),
      }),
    ),
  },
  responses: {
    201: jsonContent(
      z.object({ bookingId: z.string(), start: z.string(), contact: Contact }).openapi('CrmTrialLesson'),
      'Booked',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});
