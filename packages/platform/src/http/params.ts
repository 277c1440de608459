import { z } from '@hono/zod-openapi';

/**
 * The small schemas every resource's operations repeat, defined once so that an id or an instant
 * is validated, documented and refused with the same words everywhere. None is registered as a
 * named OpenAPI component: each stays inline where it is used.
 */

/** A resource id (a UUID) in a path, a query or a body. */
export const Id = z.guid('not an id');

/** `{id}` path parameters. */
export const IdParams = z.strictObject({ id: Id });

/** A point in time: ISO 8601 with an offset (ARCHITECTURE §7). */
export const Instant = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 instant, e.g. 2026-03-02T09:00:00Z',
});

/** A calendar date (in the school's or the instructor's zone, as the operation says). */
export const DateOnly = z.iso.date('a date, YYYY-MM-DD');
