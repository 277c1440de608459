import { type Tx, users } from '@dualcontrol/db';
import { can, generateSessionToken, notFound, sessionIdFromToken } from '@dualcontrol/platform';
import { and, asc, eq, exists, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type IcsEvent, renderCalendar } from '../calendar/render-ics.ts';
import { bookings, calendarEvents, calendarFeeds, eventParticipants, locations } from '../schema.ts';
import type { Viewer } from './viewer.ts';

/** A new secret feed for the caller; the token is shown once, only its hash is kept. */
export async function createCalendarFeed(
  tx: Tx,
  tenantId: string,
  userId: string,
): Promise<{ id: string; token: string }> {
  const token = generateSessionToken();
  const [row] = await tx
    .insert(calendarFeeds)
    .values({ tenantId, userId, tokenHash: sessionIdFromToken(token) })
    .returning({ id: calendarFeeds.id });
  return { id: row!.id, token };
}

export async function revokeCalendarFeed(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  feedId: string,
): Promise<void> {
  const [row] = await tx
    .update(calendarFeeds)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(calendarFeeds.tenantId, tenantId),
        eq(calendarFeeds.id, feedId),
        isNull(calendarFeeds.revokedAt),
        can(viewer, 'scheduling:calendar-feeds:revoke:any')
          ? undefined
          : eq(calendarFeeds.userId, viewer.userId),
      ),
    )
    .returning({ id: calendarFeeds.id });
  if (!row) throw notFound('scheduling.feed_not_found', 'No such calendar feed.');
}

const DAY_MS = 86_400_000;

/** The feed's calendar: the owner's lessons from 90 days back to a year ahead, cancelled ones included. */
export async function renderCalendarFeed(
  tx: Tx,
  tenantId: string,
  token: string,
  now = new Date(),
): Promise<string> {
  const [feed] = await tx
    .select({ userId: calendarFeeds.userId, name: users.name })
    .from(calendarFeeds)
    .innerJoin(users, and(eq(users.tenantId, calendarFeeds.tenantId), eq(users.id, calendarFeeds.userId)))
    .where(
      and(
        eq(calendarFeeds.tenantId, tenantId),
        eq(calendarFeeds.tokenHash, sessionIdFromToken(token)),
        isNull(calendarFeeds.revokedAt),
      ),
    );
  if (!feed) throw notFound('scheduling.feed_not_found', 'This calendar link is unknown or was revoked.');
  const owner = alias(users, 'owner');
  const rows = await tx
    .select({
      id: calendarEvents.id,
      title: calendarEvents.title,
      startsAt: calendarEvents.startsAt,
      endsAt: calendarEvents.endsAt,
      status: calendarEvents.status,
      sequence: calendarEvents.sequence,
      updatedAt: calendarEvents.updatedAt,
      ownerId: calendarEvents.ownerUserId,
      ownerName: owner.name,
      locationName: locations.name,
      locationAddress: locations.address,
      studentName: sql<string | null>`(select u.name from ${eventParticipants} p join ${users} u
        on u.tenant_id = p.tenant_id and u.id = p.user_id
        where p.tenant_id = ${calendarEvents.tenantId} and p.event_id = ${calendarEvents.id} and p.role = 'student' limit 1)`,
    })
    .from(calendarEvents)
    .innerJoin(
      owner,
      and(eq(owner.tenantId, calendarEvents.tenantId), eq(owner.id, calendarEvents.ownerUserId)),
    )
    .leftJoin(
      bookings,
      and(eq(bookings.tenantId, calendarEvents.tenantId), eq(bookings.id, calendarEvents.bookingId)),
    )
    .leftJoin(
      locations,
      and(eq(locations.tenantId, bookings.tenantId), eq(locations.id, bookings.pickupLocationId)),
    )
    .where(
      and(
        eq(calendarEvents.tenantId, tenantId),
        gt(calendarEvents.startsAt, new Date(now.getTime() - 90 * DAY_MS)),
        lt(calendarEvents.startsAt, new Date(now.getTime() + 365 * DAY_MS)),
        or(
          eq(calendarEvents.ownerUserId, feed.userId),
          exists(
            tx
              .select({ one: sql`1` })
              .from(eventParticipants)
              .where(
                and(
                  eq(eventParticipants.tenantId, calendarEvents.tenantId),
                  eq(eventParticipants.eventId, calendarEvents.id),
                  eq(eventParticipants.userId, feed.userId),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(asc(calendarEvents.startsAt));
  const events: IcsEvent[] = rows.map((r) => {
    const isOwner = r.ownerId === feed.userId;
    const other = isOwner ? r.studentName : r.ownerName;
    return {
      uid: `${r.id}@dualcontrol`,
      start: r.startsAt,
      end: r.endsAt,
      summary: other ? `${r.title} — ${other}` : r.title,
      ...(r.locationName ? { location: `${r.locationName}, ${r.locationAddress}` } : {}),
      status: r.status === 'confirmed' ? 'CONFIRMED' : r.status === 'tentative' ? 'TENTATIVE' : 'CANCELLED',
      sequence: r.sequence,
      updatedAt: r.updatedAt,
    };
  });
  return renderCalendar(`${feed.name} — lessons`, events, now);
}
