import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import {
  LessonType,
  LessonTypeInput,
  Location,
  LocationInput,
  Vehicle,
  VehicleInput,
} from './catalog.schemas.ts';

const tags = ['School setup'];

/** List (anyone signed in at the school), create and replace (owner/admin) for one resource. */
function resource<I extends z.ZodType, O extends z.ZodType>(path: string, noun: string, input: I, output: O) {
  return {
    list: createRoute({
      method: 'get',
      path: `/api/v1/${path}`,
      tags,
      summary: `List ${noun}s`,
      security: sessionSecurity,
      responses: {
        200: jsonContent(z.object({ data: z.array(output) }), `The school's ${noun}s`),
        ...problemResponses(401, 404),
      },
    }),
    create: createRoute({
      method: 'post',
      path: `/api/v1/${path}`,
      tags,
      summary: `Add a ${noun} (owner/admin)`,
      security: sessionSecurity,
      request: { body: jsonBody(input) },
      responses: {
        201: jsonContent(output, 'Created'),
        ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
      },
    }),
    replace: createRoute({
      method: 'put',
      path: `/api/v1/${path}/{id}`,
      tags,
      summary: `Change a ${noun} (owner/admin)`,
      security: sessionSecurity,
      request: { params: IdParams, body: jsonBody(input) },
      responses: {
        200: jsonContent(output, 'Updated'),
        ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
      },
    }),
  };
}

export const lessonTypeRoutes = resource('lesson-types', 'lesson type', LessonTypeInput, LessonType);
export const locationRoutes = resource('locations', 'location', LocationInput, Location);
export const vehicleRoutes = resource('vehicles', 'vehicle', VehicleInput, Vehicle);
