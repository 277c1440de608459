import type { Tx } from '@dualcontrol/db';
import { decodeCursor, notFound, pageOf } from '@dualcontrol/platform';
import { and, count, desc, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import { publishLive } from '../live/publish.ts';
import { notifications } from './schema.ts';

type Me = { tenantId: string; userId: string };

/** The person's own notices: born of an event (a digest is a delivery, not an entry of its own). */
const mine = (me: Me) =>
  and(
    eq(notifications.tenantId, me.tenantId),
    eq(notifications.userId, me.userId),
    isNotNull(notifications.eventId),
  );

const view = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  eventType: n.eventType,
  title: n.title,
  body: n.body,
  url: n.url,
  entityType: n.entityType,
  entityId: n.entityId,
  critical: n.critical,
  status: n.status,
  read: n.readAt !== null,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});
export type NotificationView = ReturnType<typeof view>;

/** Newest first, by cursor (ids are UUIDv7: their order is creation order). */
export async function listMine(
  tx: Tx,
  me: Me,
  query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
) {
  const after = decodeCursor(query.cursor);
  const rows = await tx
    .select()
    .from(notifications)
    .where(
      and(
        mine(me),
        after ? lt(notifications.id, after) : undefined,
        query.unread ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(query.limit + 1);
  return pageOf(rows.map(view), query.limit);
}

export async function unreadCount(tx: Tx, me: Me) {
  const [row] = await tx
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(me), isNull(notifications.readAt)));
  return { unread: row?.n ?? 0 };
}

/** Marks one read (again is fine); someone else's, or another school's, is not found. */
export async function markRead(tx: Tx, me: Me, id: string) {
  const [row] = await tx
    .select()
    .from(notifications)
    .where(and(mine(me), eq(notifications.id, id)));
  if (!row) throw notFound('messaging.notification_not_found', 'No such notification.');
  if (row.readAt) return view(row);
  const [updated] = await tx
    .update(notifications)
    .set({ status: 'read', readAt: new Date(), updatedAt: new Date() })
    .where(and(eq(notifications.tenantId, me.tenantId), eq(notifications.id, id)))
    .returning();
  // The person's other tabs and devices take the item off their unread badge.
  await publishLive(tx, me.tenantId, [me.userId], { kind: 'notification.read', id });
  return view(updated!);
}

/** Marks every unread one read; the live event's id is `all`. */
export async function markAllRead(tx: Tx, me: Me) {
  const updated = await tx
    .update(notifications)
    .set({ status: 'read', readAt: new Date(), updatedAt: new Date() })
    .where(and(mine(me), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (updated.length > 0)
    await publishLive(tx, me.tenantId, [me.userId], { kind: 'notification.read', id: 'all' });
  return { updated: updated.length };
}
