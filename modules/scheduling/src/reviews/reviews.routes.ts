import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Reviews'];
const Review = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    rating: z.number(),
    comment: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('InstructorReview');

export const reviewLesson = createRoute({
  method: 'post',
  path: '/api/v1/bookings/{id}/review',
  tags,
  summary: 'Review the instructor of a completed lesson (its student, once)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        rating: z.number().int().min(1).max(5),
        comment: z.string().trim().max(2000).optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(Review, 'Reviewed'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const listReviews = createRoute({
  method: 'get',
  path: '/api/v1/instructors/{id}/reviews',
  tags,
  summary: "An instructor's reviews (newest 50) and average rating",
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(
      z.object({ count: z.number(), averageRating: z.number().nullable(), data: z.array(Review) }),
      'Reviews',
    ),
    ...problemResponses(400, 401, 404),
  },
});
