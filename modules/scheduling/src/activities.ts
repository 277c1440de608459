import { systemActor, type Tx } from '@dualcontrol/db';
import { AppError, emitEvent, type WorkerDeps } from '@dualcontrol/platform';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import { schedulingEvents } from './events.ts';
import {
  BOOKING_STATUSES,
  type BookingStatus,
  bookings,
  eventParticipants,
  eventReminders,
} from './schema.ts';
import { calendarEventOf } from './services/calendar-sync.ts';
import { loadPolicies } from './services/load-policies.ts';
import { bookingNotFound } from './services/scheduling-errors.ts';
import { type BookingAction, systemViewer, transitionBooking } from './services/transition-booking.ts';

export type BookingRef = { tenantId: string; bookingId: string };
export type ReminderResult = { status: BookingStatus; sent: boolean };
/** What the workflow re-reads when it (re)starts: the database is the truth, signals are news. */
export type BookingSnapshot = { status: BookingStatus; start: string; end: string };

const TERMINAL: readonly BookingStatus[] = ['completed', 'rejected', 'cancelled', 'expired', 'no_show'];

/**
 * A refusal (wrong state, unknown booking) will not change on retry: it fails the activity for good
 * and the workflow decides. Anything else (database down, deadlock) is retried by Temporal.
 */
function asFailure(error: unknown): unknown {
  if (error instanceof AppError)
    return ApplicationFailure.nonRetryable(error.message, error.code, {
      status: error.status,
      ...error.extra,
    });
  return error;
}

async function lockedBooking(tx: Tx, { tenantId, bookingId }: BookingRef) {
  const [row] = await tx
    .select({ status: bookings.status, startsAt: bookings.startsAt, endsAt: bookings.endsAt })
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)))
    .for('update');
  if (!row) throw bookingNotFound();
  return row;
}

/**
 * The workflow's transitions, made safe to repeat: a retried activity (or one replayed after a
 * worker crash) finds the booking already in `settled` and returns its status unchanged.
 */
function mover(deps: WorkerDeps, action: BookingAction, settled: readonly BookingStatus[], reason?: string) {
  return async (ref: BookingRef): Promise<BookingStatus> => {
    try {
      return await deps.db.withTenant(ref.tenantId, systemActor, async (tx) => {
        const { status } = await lockedBooking(tx, ref);
        if (settled.includes(status)) return status;
        const policies = await loadPolicies(tx, ref.tenantId);
        const ctx = {
          tenantId: ref.tenantId,
          policies,
          actor: systemActor,
          viewer: systemViewer,
          now: new Date(),
        };
        return (await transitionBooking(tx, ctx, { bookingId: ref.bookingId, action, reason })).status;
      });
    } catch (error) {
      throw asFailure(error);
    }
  };
}

/** Thin activities over the scheduling services, each in one tenant transaction as the system. */
export function createSchedulingActivities(deps: WorkerDeps) {
  return {
    /** Lets an unanswered request go. Any other status means a decision beat the timer: returned as is. */
    expireBooking: mover(
      deps,
      'expire',
      BOOKING_STATUSES.filter((s) => s !== 'pending'),
    ),
    startBooking: mover(deps, 'start', ['in_progress', ...TERMINAL]),
    completeBooking: mover(deps, 'complete', TERMINAL),
    /** Payment did not come in time: the lesson is cancelled by the system (free) and its slot freed. */
    releaseUnpaidBooking: mover(deps, 'cancel', ['in_progress', ...TERMINAL], 'payment_timeout'),

    /**
     * Asks for the lesson's payment with one `booking.payment_due` event (the payments module
     * collects it). A repeat emits the event again; its consumer starts one workflow per booking.
     */
    async requestPayment(input: BookingRef & { dueBy: string }): Promise<void> {
      try {
        await deps.db.withTenant(input.tenantId, systemActor, async (tx) => {
          const [row] = await tx
            .select()
            .from(bookings)
            .where(and(eq(bookings.tenantId, input.tenantId), eq(bookings.id, input.bookingId)));
          if (!row) throw bookingNotFound();
          await emitEvent(tx, input.tenantId, schedulingEvents['booking.payment_due'], {
            bookingId: row.id,
            studentId: row.studentId,
            instructorId: row.instructorId,
            amountMinor: row.priceMinor,
            currency: row.currency,
            dueBy: input.dueBy,
          });
        });
      } catch (error) {
        throw asFailure(error);
      }
    },

    async getBookingStatus(ref: BookingRef): Promise<BookingSnapshot> {
      try {
        const row = await deps.db.withTenant(ref.tenantId, systemActor, (tx) => lockedBooking(tx, ref));
        return { status: row.status, start: row.startsAt.toISOString(), end: row.endsAt.toISOString() };
      } catch (error) {
        throw asFailure(error);
      }
    },

    /**
     * Records the reminder for every participant of the lesson's calendar event and emits one
     * `booking.reminder_due` for messaging to deliver. The unique (event, user, minutes_before)
     * index makes a repeat a no-op, so a retried or replayed activity sends nothing twice; only a
     * reminder whose time moved (the lesson was rescheduled) is armed and sent again.
     */
    async sendReminder(input: BookingRef & { minutesBefore: number }): Promise<ReminderResult> {
      const { tenantId, bookingId, minutesBefore } = input;
      try {
        return await deps.db.withTenant(tenantId, systemActor, async (tx) => {
          const { status } = await lockedBooking(tx, input);
          // A lesson no longer on (its cancel signal may still be on the way) gets no reminder.
          if (status !== 'confirmed') return { status, sent: false };
          const event = await calendarEventOf(tx, tenantId, bookingId);
          if (!event) throw bookingNotFound();
          const participants = await tx
            .select({ userId: eventParticipants.userId })
            .from(eventParticipants)
            .where(and(eq(eventParticipants.tenantId, tenantId), eq(eventParticipants.eventId, event.id)));
          const userIds = [...new Set([event.ownerUserId, ...participants.map((p) => p.userId)])];
          const remindAt = new Date(event.startsAt.getTime() - minutesBefore * 60_000);
          const sentAt = new Date();
          const fresh = await tx
            .insert(eventReminders)
            .values(
              userIds.map((userId) => ({
                tenantId,
                eventId: event.id,
                userId,
                remindAt,
                minutesBefore,
                sentAt,
              })),
            )
            .onConflictDoUpdate({
              target: [
                eventReminders.tenantId,
                eventReminders.eventId,
                eventReminders.userId,
                eventReminders.minutesBefore,
              ],
              set: { remindAt, sentAt },
              setWhere: sql`${eventReminders.remindAt} is distinct from excluded.remind_at`,
            })
            .returning({ userId: eventReminders.userId });
          if (fresh.length === 0) return { status, sent: false };
          await emitEvent(tx, tenantId, schedulingEvents['booking.reminder_due'], {
            bookingId,
            eventId: event.id,
            minutesBefore,
            start: event.startsAt.toISOString(),
            end: event.endsAt.toISOString(),
            remindAt: remindAt.toISOString(),
            userIds: fresh.map((r) => r.userId),
          });
          return { status, sent: true };
        });
      } catch (error) {
        throw asFailure(error);
      }
    },
  };
}

export type SchedulingActivities = ReturnType<typeof createSchedulingActivities>;
