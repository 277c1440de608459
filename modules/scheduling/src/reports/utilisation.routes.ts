import { DateOnly, jsonContent, problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const Figures = {
  availableMinutes: z.number().int(),
  bookedMinutes: z.number().int(),
  lessons: z.number().int(),
};
/** Booked ÷ available (0.4 = 40 %); null when no hours were available. */
const Ratio = z.number().nullable();

export const utilisation = createRoute({
  method: 'get',
  path: '/api/v1/reports/utilisation',
  tags: ['Reports'],
  summary:
    'Booked hours against available instructor hours, per instructor and per day, between two dates of the school’s calendar (owner/admin)',
  security: sessionSecurity,
  request: { query: z.strictObject({ from: DateOnly, to: DateOnly }) },
  responses: {
    200: jsonContent(
      z
        .object({
          timezone: z.string(),
          from: z.string(),
          to: z.string(),
          instructors: z.array(
            z.object({ instructorId: z.string(), name: z.string(), ...Figures, utilisation: Ratio }),
          ),
          days: z.array(z.object({ date: z.string(), ...Figures })),
          total: z.object({ ...Figures, utilisation: Ratio }),
        })
        .openapi('UtilisationReport'),
      'Utilisation',
    ),
    ...problemResponses(400, 401, 403, 404),
  },
});
