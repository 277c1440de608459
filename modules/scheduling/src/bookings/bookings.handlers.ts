import { type AppEnv, decodeCursor } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import type { BookingStatus } from '../schema.ts';
import { createBooking as create } from '../services/create-booking.ts';
import {
  getBooking as getOne,
  listBookings as list,
  cancellationQuote as quote,
} from '../services/read-bookings.ts';
import { rescheduleBooking as reschedule } from '../services/reschedule-booking.ts';
import { type BookingAction, transitionBooking } from '../services/transition-booking.ts';
import type * as routes from './bookings.routes.ts';

export const createBooking: RouteHandler<typeof routes.createBooking, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const booking = await withScheduling(c, (tx, ctx) =>
    create(tx, ctx, { ...body, start: new Date(body.start) }),
  );
  return c.json(booking, 201);
};

export const getBooking: RouteHandler<typeof routes.getBooking, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withScheduling(c, (tx, ctx) => getOne(tx, ctx.tenantId, ctx.viewer, id)), 200);
};

export const listBookings: RouteHandler<typeof routes.listBookings, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const result = await withScheduling(c, (tx, ctx) =>
    list(tx, ctx.tenantId, ctx.viewer, {
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      instructorId: q.instructorId,
      status: q.status?.split(',') as BookingStatus[] | undefined,
      limit: q.limit,
      after: decodeCursor(q.cursor),
    }),
  );
  return c.json(result, 200);
};

function transition(action: BookingAction): RouteHandler<typeof routes.confirmBooking, AppEnv> {
  return async (c) => {
    const { id } = c.req.valid('param');
    // The body is optional: a bare POST confirms or cancels without a reason.
    const reason = (c.req.valid('json') as { reason?: string } | undefined)?.reason;
    const booking = await withScheduling(c, (tx, ctx) =>
      transitionBooking(tx, ctx, { bookingId: id, action, reason }),
    );
    return c.json(booking, 200);
  };
}

export const rescheduleBooking: RouteHandler<typeof routes.rescheduleBooking, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const booking = await withScheduling(c, (tx, ctx) =>
    reschedule(tx, ctx, { bookingId: id, start: new Date(body.start), reason: body.reason }),
  );
  return c.json(booking, 200);
};

export const completeBooking = transition('complete');
export const noShowBooking = transition('no_show');
export const confirmBooking = transition('confirm');
export const rejectBooking = transition('reject');
export const cancelBooking = transition('cancel');

export const cancellationQuote: RouteHandler<typeof routes.cancellationQuote, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withScheduling(c, (tx, ctx) => quote(tx, ctx, id)), 200);
};
