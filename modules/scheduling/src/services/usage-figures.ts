import type { Tx } from '@dualcontrol/db';
import type { UsageFigure } from '@dualcontrol/platform';
import { type SQLWrapper, sql } from 'drizzle-orm';
import { bookings } from '../schema.ts';

/** For operators: lessons booked, taught and cancelled in the window (RLS keeps it to one school). */
export async function schedulingUsage(tx: Tx, window: { since: Date; until: Date }): Promise<UsageFigure[]> {
  const within = (column: SQLWrapper) =>
    sql`${column} >= ${window.since.toISOString()} and ${column} < ${window.until.toISOString()}`;
  const [row] = await tx
    .select({
      booked: sql<number>`count(*) filter (where ${within(bookings.createdAt)})::int`,
      taught: sql<number>`count(*) filter (where ${bookings.status} = 'completed' and ${within(bookings.startsAt)})::int`,
      cancelled: sql<number>`count(*) filter (where ${within(bookings.cancelledAt)})::int`,
    })
    .from(bookings);
  return [
    { key: 'scheduling.bookings_made', value: row?.booked ?? 0, unit: 'count' },
    { key: 'scheduling.lessons_taught', value: row?.taught ?? 0, unit: 'count' },
    { key: 'scheduling.cancellations', value: row?.cancelled ?? 0, unit: 'count' },
  ];
}
