import { type AppEnv, can, requireCan } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { lessonParams } from '../services/lesson-params.ts';
import { listSlots } from '../services/list-slots.ts';
import { requireInstructor } from '../services/people-lookup.ts';
import { searchSlots as search } from '../services/search-slots.ts';
import { getAvailability as readAvailability, setAvailability } from '../services/set-availability.ts';
import type * as routes from './availability.routes.ts';

export const putAvailability: RouteHandler<typeof routes.putAvailability, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const result = await withScheduling(c, async (tx, ctx) => {
    await requireInstructor(tx, ctx.tenantId, id);
    requireCan(ctx.viewer, 'scheduling:diary:manage:own', {
      resource: { instructorId: id },
      detail: 'You can only change your own hours.',
    });
    return setAvailability(tx, { tenantId: ctx.tenantId, actor: ctx.actor, instructorId: id, ...body });
  });
  return c.json(result, 200);
};

export const getAvailability: RouteHandler<typeof routes.getAvailability, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const result = await withScheduling(c, async (tx, ctx) => {
    await requireInstructor(tx, ctx.tenantId, id);
    return readAvailability(tx, ctx.tenantId, id, ctx.tenantTimezone);
  });
  return c.json(result, 200);
};

export const getSlots: RouteHandler<typeof routes.getSlots, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const query = c.req.valid('query');
  const result = await withScheduling(c, async (tx, ctx) => {
    await requireInstructor(tx, ctx.tenantId, id);
    const { timezone, slots } = await listSlots(tx, {
      tenantId: ctx.tenantId,
      tenantTimezone: ctx.tenantTimezone,
      policies: ctx.policies,
      instructorId: id,
      from: query.from,
      to: query.to,
      ...(await lessonParams(tx, ctx.tenantId, {
        durationMinutes: query.duration,
        lessonTypeId: query.lessonTypeId,
        pickupLocationId: query.pickupLocationId,
      })),
      // A student sees only what they could actually book (their own limits and lessons).
      studentId: can(ctx.viewer, 'scheduling:policies:exempt') ? undefined : ctx.viewer.studentId,
      now: ctx.now,
    });
    return {
      timezone,
      slots: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })),
    };
  });
  return c.json(result, 200);
};

export const searchSlots: RouteHandler<typeof routes.searchSlots, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const slots = await withScheduling(c, (tx, ctx) =>
    search(tx, {
      tenantId: ctx.tenantId,
      tenantTimezone: ctx.tenantTimezone,
      policies: ctx.policies,
      from: q.from,
      to: q.to,
      durationMinutes: q.duration,
      lessonTypeId: q.lessonTypeId,
      transmission: q.transmission,
      pickupLocationId: q.pickupLocationId,
      studentId: can(ctx.viewer, 'scheduling:policies:exempt') ? undefined : ctx.viewer.studentId,
      now: ctx.now,
    }),
  );
  return c.json(
    {
      slots: slots.map((s) => ({
        instructorId: s.instructorId,
        start: s.start.toISOString(),
        end: s.end.toISOString(),
      })),
    },
    200,
  );
};
