import { type AppEnv, decodeCursor } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { markSeatNoShow, releaseSeat as release, takeSeat as take } from '../services/group-seats.ts';
import { listGroupSessions as list } from '../services/list-group-sessions.ts';
import type * as routes from './group-sessions.routes.ts';

export const listGroupSessions: RouteHandler<typeof routes.listGroupSessions, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const result = await withScheduling(c, (tx, ctx) =>
    list(tx, ctx, {
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      instructorId: q.instructorId,
      lessonTypeId: q.lessonTypeId,
      limit: q.limit,
      after: decodeCursor(q.cursor),
    }),
  );
  return c.json(result, 200);
};

export const takeSeat: RouteHandler<typeof routes.takeSeat, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  // The body is optional: a student's bare POST takes a seat for themselves.
  const studentId = (c.req.valid('json') as { studentId?: string } | undefined)?.studentId;
  const booking = await withScheduling(c, (tx, ctx) => take(tx, ctx, { bookingId: id, studentId }));
  return c.json(booking, 201);
};

export const releaseSeat: RouteHandler<typeof routes.releaseSeat, AppEnv> = async (c) => {
  const { id, studentId } = c.req.valid('param');
  const booking = await withScheduling(c, (tx, ctx) => release(tx, ctx, { bookingId: id, studentId }));
  return c.json(booking, 200);
};

export const seatNoShow: RouteHandler<typeof routes.seatNoShow, AppEnv> = async (c) => {
  const { id, studentId } = c.req.valid('param');
  const booking = await withScheduling(c, (tx, ctx) => markSeatNoShow(tx, ctx, { bookingId: id, studentId }));
  return c.json(booking, 200);
};
