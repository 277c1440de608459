import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { SchedulingActivities } from '../activities.ts';
import type { BookingStatus } from '../schema.ts';

// Workflow code runs in Temporal's deterministic sandbox: only @temporalio/workflow and type-only
// imports here. Date.now() is the workflow clock (the time of the current activation), not the host's.

export type BookingWorkflowInput = {
  tenantId: string;
  bookingId: string;
  /** ISO instants of the lesson. */
  start: string;
  end: string;
  status: 'pending' | 'confirmed';
  confirmationTimeoutHours: number;
  /** Whole minutes before the start; default [1440, 120]: a day and two hours before the lesson. */
  reminderMinutesBefore?: number[];
  requirePayment?: boolean;
  /** Default 60. */
  paymentTimeoutMinutes?: number;
  /** Tests only: overrides `confirmationTimeoutHours`. */
  confirmationTimeoutMs?: number;
  /** Tests only: the length of a "minute" for reminder offsets and the payment timeout (default 60 000). */
  minuteMs?: number;
};

export type BookingPhase =
  | 'awaiting_confirmation'
  | 'awaiting_payment'
  | 'scheduled'
  | 'in_progress'
  | 'finished';
export type BookingWorkflowState = { phase: BookingPhase; status: BookingStatus; start: string; end: string };
type TerminalStatus = 'completed' | 'rejected' | 'cancelled' | 'expired' | 'no_show';
export type BookingOutcome = TerminalStatus | 'payment_timeout';

export const confirmedSignal = defineSignal('confirmed');
export const rejectedSignal = defineSignal('rejected');
export const cancelledSignal = defineSignal('cancelled');
export const rescheduledSignal = defineSignal<[{ start: string; end: string }]>('rescheduled');
export const paymentSucceededSignal = defineSignal('paymentSucceeded');
export const stateQuery = defineQuery<BookingWorkflowState>('state');

/** Deterministic, so a second start for the same booking is refused by Temporal (ARCHITECTURE §6). */
export const bookingWorkflowId = (tenantId: string, bookingId: string) => `booking:${tenantId}:${bookingId}`;

export const DEFAULT_REMINDER_MINUTES: readonly number[] = [1440, 120];

const {
  getBookingStatus,
  expireBooking,
  startBooking,
  completeBooking,
  sendReminder,
  requestPayment,
  releaseUnpaidBooking,
} = proxyActivities<SchedulingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const RANK: Record<BookingStatus, number> = {
  pending: 0,
  confirmed: 1,
  in_progress: 2,
  completed: 3,
  rejected: 3,
  cancelled: 3,
  expired: 3,
  no_show: 3,
};
const isTerminal = (s: BookingStatus): s is TerminalStatus => RANK[s] === 3;

/**
 * One booking from request to completion: waits for the instructor's answer (expiring the request
 * when none comes), for payment when asked, sends the reminders, and moves the booking to
 * in_progress at its start and to completed at its end. Cancel and reschedule signals interrupt
 * whatever timer is running. The database stays the truth: every activity returns the booking's
 * status, so a signal that was lost (or sent before this run existed) cannot make the workflow act
 * on a lesson that is no longer on.
 */
export async function bookingWorkflow(input: BookingWorkflowInput): Promise<BookingOutcome> {
  const ids = { tenantId: input.tenantId, bookingId: input.bookingId };
  const minuteMs = input.minuteMs ?? 60_000;
  // Whole minutes before the start (the column is an integer), each once.
  const reminders = [...new Set(input.reminderMinutesBefore ?? DEFAULT_REMINDER_MINUTES)].filter(
    (m) => Number.isInteger(m) && m > 0,
  );
  const state: BookingWorkflowState = {
    phase: 'awaiting_confirmation',
    status: input.status,
    start: input.start,
    end: input.end,
  };
  /** Bumped by every reschedule: timers planned under an older plan are abandoned. */
  let plan = 0;
  let paid = false;

  /** Statuses only move forward; an activity that read the row before a signal arrived cannot undo it. */
  const advance = (next: BookingStatus) => {
    if (!isTerminal(state.status) && RANK[next] > RANK[state.status]) state.status = next;
  };
  const finish = (outcome: BookingOutcome): BookingOutcome => {
    state.phase = 'finished';
    return outcome;
  };
  /** Sleeps until `at` unless the plan changes or the booking leaves `status` first; true when the time came. */
  const sleepUntil = async (at: number, status: BookingStatus): Promise<boolean> => {
    const version = plan;
    const interrupted = () => plan !== version || state.status !== status;
    const ms = Math.ceil(at - Date.now());
    if (ms <= 0) return !interrupted();
    return !(await condition(interrupted, ms));
  };

  setHandler(stateQuery, () => ({ ...state }));
  setHandler(confirmedSignal, () => advance('confirmed'));
  setHandler(rejectedSignal, () => {
    if (state.status === 'pending') advance('rejected');
  });
  // The API refuses to cancel a lesson that has started, so a cancel can only concern one that has not.
  setHandler(cancelledSignal, () => {
    if (state.status === 'pending' || state.status === 'confirmed') advance('cancelled');
  });
  setHandler(rescheduledSignal, ({ start, end }) => {
    if (state.phase === 'finished') return;
    state.start = start;
    state.end = end;
    plan += 1;
  });
  setHandler(paymentSucceededSignal, () => {
    paid = true;
  });

  // The outbox delivers at least once but not in order, and this run may start late: the booking
  // may have been decided or moved already. A reschedule signal received meanwhile is newer news.
  const plannedAtStart = plan;
  const snapshot = await getBookingStatus(ids);
  advance(snapshot.status);
  if (plan === plannedAtStart && (snapshot.start !== state.start || snapshot.end !== state.end)) {
    state.start = snapshot.start;
    state.end = snapshot.end;
  }

  if (state.status === 'pending') {
    const timeoutMs = input.confirmationTimeoutMs ?? input.confirmationTimeoutHours * 3_600_000;
    if (!(await condition(() => state.status !== 'pending', timeoutMs))) advance(await expireBooking(ids));
  }
  if (isTerminal(state.status)) return finish(state.status);

  if (input.requirePayment && state.status === 'confirmed') {
    state.phase = 'awaiting_payment';
    const timeoutMs = (input.paymentTimeoutMinutes ?? 60) * minuteMs;
    // The payments module collects (credit, a saved card, or the student paying in the portal) and
    // answers with paymentSucceeded; a payment that came before this point has already signalled.
    if (!paid) await requestPayment({ ...ids, dueBy: new Date(Date.now() + timeoutMs).toISOString() });
    const settled = await condition(() => paid || state.status !== 'confirmed', timeoutMs);
    if (isTerminal(state.status)) return finish(state.status);
    if (!settled) {
      // Unpaid in time: the slot goes back on sale (a system cancellation, so no fee).
      const status = await releaseUnpaidBooking(ids);
      if (status === 'cancelled') return finish('payment_timeout');
      advance(status);
      if (isTerminal(state.status)) return finish(state.status);
    }
  }

  // Reminders, then the start. A reschedule re-plans from the new start: reminders whose time is
  // still ahead are (re)sent; those already past are skipped.
  state.phase = 'scheduled';
  while (state.status === 'confirmed') {
    const startMs = Date.parse(state.start);
    const now = Date.now();
    const due = reminders
      .map((minutesBefore) => ({ minutesBefore, at: startMs - minutesBefore * minuteMs }))
      .filter((r) => r.at > now)
      .sort((a, b) => a.at - b.at);
    let replan = false;
    for (const reminder of due) {
      const version = plan;
      if (!(await sleepUntil(reminder.at, 'confirmed'))) {
        replan = true;
        break;
      }
      advance((await sendReminder({ ...ids, minutesBefore: reminder.minutesBefore })).status);
      if (plan !== version || state.status !== 'confirmed') {
        replan = true;
        break;
      }
    }
    if (!replan && (await sleepUntil(startMs, 'confirmed'))) break;
  }
  if (state.status === 'confirmed') advance(await startBooking(ids));
  if (isTerminal(state.status)) return finish(state.status);

  state.phase = 'in_progress';
  // A reschedule while in the car moves the end: the timer starts over for the new one.
  while (state.status === 'in_progress') {
    if (await sleepUntil(Date.parse(state.end), 'in_progress')) break;
  }
  if (!isTerminal(state.status)) advance(await completeBooking(ids));
  if (isTerminal(state.status)) return finish(state.status);
  throw ApplicationFailure.nonRetryable(
    `booking ended the workflow as ${state.status}`,
    'scheduling.unexpected_status',
  );
}
