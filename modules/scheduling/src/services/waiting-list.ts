import type { Tx } from '@dualcontrol/db';
import { badRequest, can, emitEvent, notFound, requireCan } from '@dualcontrol/platform';
import { and, asc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { schedulingEvents } from '../events.ts';
import type { SchedulingContext } from '../http-context.ts';
import { waitingList } from '../schema.ts';
import type { BookingView } from './booking-view.ts';
import { createBooking } from './create-booking.ts';
import { requireInstructor } from './people-lookup.ts';
import type { Viewer } from './viewer.ts';

export type WaitingEntryView = {
  id: string;
  studentId: string;
  instructorId: string | null;
  windowStart: string;
  windowEnd: string;
  durationMinutes: number;
  status: (typeof waitingList.$inferSelect)['status'];
  offeredStart: string | null;
};

const view = (r: typeof waitingList.$inferSelect): WaitingEntryView => ({
  id: r.id,
  studentId: r.studentId,
  instructorId: r.instructorId,
  windowStart: r.windowStart.toISOString(),
  windowEnd: r.windowEnd.toISOString(),
  durationMinutes: r.durationMinutes,
  status: r.status,
  offeredStart: r.offeredStartsAt?.toISOString() ?? null,
});

const entryNotFound = () => notFound('scheduling.waiting_entry_not_found', 'No such waiting-list entry.');

/** A student asks to be told when a time in a window frees up (with one instructor, or any). */
export async function joinWaitingList(
  tx: Tx,
  ctx: SchedulingContext,
  input: {
    studentId?: string | undefined;
    instructorId?: string | undefined;
    windowStart: Date;
    windowEnd: Date;
    durationMinutes: number;
  },
): Promise<WaitingEntryView> {
  const studentId = input.studentId ?? ctx.viewer.studentId;
  if (!studentId)
    throw badRequest('scheduling.student_required', 'Say which student is waiting.', [
      { path: 'body.studentId', message: 'required' },
    ]);
  requireCan(ctx.viewer, 'scheduling:waiting-list:manage:own', {
    resource: { studentId },
    detail: 'You can only join the list for yourself.',
  });
  if (input.instructorId) await requireInstructor(tx, ctx.tenantId, input.instructorId);
  if (input.windowEnd.getTime() - input.windowStart.getTime() < input.durationMinutes * 60_000) {
    throw badRequest('scheduling.invalid_window', 'The window is shorter than the lesson.', [
      { path: 'body.windowEnd', message: 'window shorter than the lesson' },
    ]);
  }
  const [row] = await tx
    .insert(waitingList)
    .values({
      tenantId: ctx.tenantId,
      studentId,
      instructorId: input.instructorId ?? null,
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      durationMinutes: input.durationMinutes,
    })
    .returning();
  return view(row!);
}

export async function listWaitingList(tx: Tx, tenantId: string, viewer: Viewer): Promise<WaitingEntryView[]> {
  const rows = await tx
    .select()
    .from(waitingList)
    .where(
      and(
        eq(waitingList.tenantId, tenantId),
        can(viewer, 'scheduling:waiting-list:manage:any')
          ? undefined
          : eq(waitingList.studentId, viewer.studentId ?? '00000000-0000-0000-0000-000000000000'),
      ),
    )
    .orderBy(asc(waitingList.createdAt));
  return rows.map(view);
}

async function ownEntry(tx: Tx, ctx: SchedulingContext, id: string) {
  const [row] = await tx
    .select()
    .from(waitingList)
    .where(and(eq(waitingList.tenantId, ctx.tenantId), eq(waitingList.id, id)))
    .for('update');
  if (!row || !can(ctx.viewer, 'scheduling:waiting-list:manage:own', { studentId: row.studentId }))
    throw entryNotFound();
  return row;
}

export async function leaveWaitingList(tx: Tx, ctx: SchedulingContext, id: string): Promise<void> {
  await ownEntry(tx, ctx, id);
  await tx
    .update(waitingList)
    .set({ status: 'cancelled' })
    .where(and(eq(waitingList.tenantId, ctx.tenantId), eq(waitingList.id, id)));
}

/**
 * Takes an offered slot: books it like any booking (so the first student to accept wins and the
 * others get 409 from the exclusion constraints), and closes the entry.
 */
export async function acceptOffer(tx: Tx, ctx: SchedulingContext, id: string): Promise<BookingView> {
  const entry = await ownEntry(tx, ctx, id);
  if (entry.status !== 'offered' || !entry.offeredStartsAt || !entry.instructorId) {
    throw badRequest('scheduling.no_offer', 'There is no open offer on this entry.');
  }
  const booking = await createBooking(tx, ctx, {
    instructorId: entry.instructorId,
    studentId: entry.studentId,
    start: entry.offeredStartsAt,
    durationMinutes: entry.durationMinutes,
  });
  await tx
    .update(waitingList)
    .set({ status: 'accepted' })
    .where(and(eq(waitingList.tenantId, ctx.tenantId), eq(waitingList.id, id)));
  return booking;
}

/**
 * A booking was cancelled, rejected or expired: everyone waiting for that instructor (or for any
 * instructor) whose window holds the freed lesson is offered it, oldest first, through an event
 * that messaging delivers. Runs in the outbox handler's transaction, so it happens once per event.
 */
export async function offerFreedSlot(
  tx: Tx,
  tenantId: string,
  freed: { instructorId: string; start: Date; end: Date },
): Promise<number> {
  const durationMinutes = (freed.end.getTime() - freed.start.getTime()) / 60_000;
  const offered = await tx
    .update(waitingList)
    // An "any instructor" entry is offered this instructor's time.
    .set({
      status: 'offered',
      offeredStartsAt: freed.start,
      instructorId: sql`coalesce(${waitingList.instructorId}, ${freed.instructorId}::uuid)`,
    })
    .where(
      and(
        eq(waitingList.tenantId, tenantId),
        eq(waitingList.status, 'waiting'),
        or(eq(waitingList.instructorId, freed.instructorId), isNull(waitingList.instructorId)),
        lte(waitingList.windowStart, freed.start),
        gte(waitingList.windowEnd, freed.end),
        lte(waitingList.durationMinutes, durationMinutes),
      ),
    )
    .returning();
  for (const entry of offered) {
    await emitEvent(tx, tenantId, schedulingEvents['waiting_list.slot_offered'], {
      entryId: entry.id,
      studentId: entry.studentId,
      instructorId: freed.instructorId,
      start: freed.start.toISOString(),
      durationMinutes: entry.durationMinutes,
    });
  }
  return offered.length;
}
