import { outboxDeliveries, outboxEvents } from '@dualcontrol/db';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DemoContext } from './demo-context.ts';

/** An event of the simulated history with the (simulated) time it happened. */
export type HistoryEvent = {
  id: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
  /** Before the school's `today` began, always. */
  occurredAt: Date;
  /** False when the time is a guess of last resort (just before today): treat it as old news. */
  known: boolean;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const str = (p: Record<string, unknown>, k: string) =>
  typeof p[k] === 'string' ? (p[k] as string) : undefined;
const instant = (iso: string | undefined, shift = 0) =>
  iso && !Number.isNaN(Date.parse(iso)) ? new Date(Date.parse(iso) + shift) : null;

/**
 * The school's outbox events made so far by the demo (none is dispatched yet: the transaction has
 * not committed), oldest first, each with when it happened in the story: the layer's own stamp
 * (DemoClock) when it has one, else what its payload says — a lesson's start or end, a record's
 * lesson time, a test's date, a goal's moment; a skill change happens with its lesson's record.
 * What cannot be placed is put just before today and marked unknown.
 */
export async function readHistoryEvents(
  ctx: Pick<DemoContext, 'tx' | 'school' | 'clock' | 'startOfToday'>,
  /** What a layer knows better than the payload (scheduling: when each lesson was settled). */
  hint: (type: string, payload: Record<string, unknown>) => Date | null = () => null,
): Promise<HistoryEvent[]> {
  const rows = await ctx.tx
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.tenantId, ctx.school.tenantId), isNull(outboxEvents.dispatchedAt)))
    .orderBy(asc(outboxEvents.id));
  const latest = ctx.startOfToday.getTime() - 60_000;
  const lessonTimes = new Map<string, Date>();
  const guess = (type: string, p: Record<string, unknown>): Date | null => {
    const start = str(p, 'start');
    switch (type) {
      case 'booking.requested':
      case 'booking.confirmed':
      case 'booking.rejected':
        return instant(start, -3 * DAY);
      case 'booking.started':
        return instant(start);
      case 'booking.completed':
      case 'booking.no_show':
        return instant(str(p, 'end'), 20 * 60_000);
      case 'booking.cancelled':
        // A late cancellation (one with a fee) came hours before the lesson, a free one days before.
        return instant(start, typeof p.feeMinor === 'number' && p.feeMinor > 0 ? -6 * HOUR : -2 * DAY);
      case 'lesson.recorded':
        return instant(str(p, 'taughtAt'), 3 * HOUR);
      case 'skill.level_changed':
      case 'lesson.evaluated':
        return lessonTimes.get(str(p, 'lessonId') ?? '') ?? null;
      case 'test.booked':
        return instant(str(p, 'testOn') && `${str(p, 'testOn')}T10:00:00Z`, -30 * DAY);
      case 'test.passed':
      case 'test.failed':
        return instant(str(p, 'testOn') && `${str(p, 'testOn')}T15:00:00Z`);
      case 'goal.reached':
        return instant(str(p, 'reachedAt'));
      default:
        return null;
    }
  };
  return rows.map((row) => {
    const at = ctx.clock.timeOf(row.id) ?? hint(row.type, row.payload) ?? guess(row.type, row.payload);
    if (row.type === 'lesson.recorded' && at) lessonTimes.set(str(row.payload, 'lessonId') ?? '', at);
    return {
      id: row.id,
      tenantId: row.tenantId,
      type: row.type,
      payload: row.payload,
      occurredAt: new Date(Math.min(at?.getTime() ?? latest, latest)),
      known: at !== null,
    };
  });
}

/**
 * Records that a subscription has done its part for these events (the dispatcher's own
 * exactly-once record), so the worker does not run it for them after the demo commits: for work
 * the demo did itself at the simulated time, or news that is history (six months of notifications
 * are not sent again).
 */
export async function markHandled(
  ctx: Pick<DemoContext, 'tx' | 'school'>,
  handlerId: string,
  eventIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < eventIds.length; i += 1000) {
    const chunk = eventIds.slice(i, i + 1000);
    await ctx.tx
      .insert(outboxDeliveries)
      .values(chunk.map((eventId) => ({ tenantId: ctx.school.tenantId, eventId, handler: handlerId })))
      .onConflictDoNothing();
  }
}
