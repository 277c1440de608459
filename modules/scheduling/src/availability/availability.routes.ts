import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
  TimezoneSchema,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { WEEKDAYS } from '../schema.ts';
import { StoredDate } from '../stored-date.ts';

const tags = ['Scheduling'];
const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const WeeklyHoursSchema = z
  .strictObject({
    day: z.enum(WEEKDAYS),
    start: z.string().regex(HHMM, 'HH:MM, 00:00–23:59'),
    end: z.string().regex(/^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, 'HH:MM, up to 24:00'),
    validFrom: StoredDate.optional(),
    validTo: StoredDate.optional(),
  })
  .refine((w) => w.start < w.end, { message: 'end must be after start', path: ['end'] })
  .openapi('WeeklyHours');

export const AvailabilitySchema = z
  .object({ instructorId: z.string(), timezone: z.string(), weekly: z.array(WeeklyHoursSchema) })
  .openapi('Availability');

const MAX_RANGE_DAYS = 61;
/** A real calendar date (2027-02-29 is refused, not rolled over). */
const CalendarDate = z
  .string()
  .regex(DATE, 'YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
  }, 'not a calendar date');

export const searchSlots = createRoute({
  method: 'get',
  path: '/api/v1/slots',
  tags,
  summary: 'School-wide search: bookable starts of every instructor who fits the lesson (any instructor)',
  security: sessionSecurity,
  request: {
    query: z
      .strictObject({
        from: CalendarDate,
        to: CalendarDate,
        duration: z.coerce.number().int().min(15).max(600).default(60),
        lessonTypeId: z.guid().optional(),
        transmission: z.enum(['manual', 'automatic']).optional(),
        pickupLocationId: z.guid().optional(),
      })
      .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] })
      .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 13 * 86_400_000, {
        message: 'at most 14 days',
        path: ['to'],
      }),
  },
  responses: {
    200: jsonContent(
      z
        .object({
          slots: z.array(z.object({ instructorId: z.string(), start: z.string(), end: z.string() })),
        })
        .openapi('SchoolSlots'),
      'Bookable slots across instructors',
    ),
    ...problemResponses(400, 401, 404),
  },
});

export const putAvailability = createRoute({
  method: 'put',
  path: '/api/v1/instructors/{id}/availability',
  tags,
  summary: "Replace an instructor's weekly hours (the instructor or an admin)",
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({ timezone: TimezoneSchema, weekly: z.array(WeeklyHoursSchema).max(100) })
        .openapi('AvailabilityInput'),
    ),
  },
  responses: {
    200: jsonContent(AvailabilitySchema, 'The stored availability'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const getAvailability = createRoute({
  method: 'get',
  path: '/api/v1/instructors/{id}/availability',
  tags,
  summary: "An instructor's weekly hours",
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(AvailabilitySchema, 'The availability'), ...problemResponses(400, 401, 404) },
});

export const getSlots = createRoute({
  method: 'get',
  path: '/api/v1/instructors/{id}/slots',
  tags,
  summary: 'Bookable starts between two dates (inclusive, in the instructor’s zone); instants in UTC',
  security: sessionSecurity,
  request: {
    params: IdParams,
    query: z
      .strictObject({
        from: CalendarDate,
        to: CalendarDate,
        duration: z.coerce.number().int().min(15).max(600).default(60),
        lessonTypeId: z.guid().optional(),
        pickupLocationId: z.guid().optional(),
      })
      .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] })
      .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_RANGE_DAYS * 86_400_000, {
        message: `at most ${MAX_RANGE_DAYS + 1} days after from`,
        path: ['to'],
      }),
  },
  responses: {
    200: jsonContent(
      z
        .object({ timezone: z.string(), slots: z.array(z.object({ start: z.string(), end: z.string() })) })
        .openapi('Slots'),
      'Bookable slots',
    ),
    ...problemResponses(400, 401, 404),
  },
});
