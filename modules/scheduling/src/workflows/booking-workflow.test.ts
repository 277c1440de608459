import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseKeyring, systemActor } from '@dualcontrol/db';
import {
  createLogger,
  createOutboxDispatcher,
  type EventSubscription,
  type OutboxDispatcher,
  type OutboxEvent,
  type WorkerDeps,
} from '@dualcontrol/platform';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSchedulingActivities } from '../activities.ts';
import { bookingWorkflowSubscriptions } from '../bookings/booking-workflow.subscriptions.ts';
import {
  type BookingWorkflowInput,
  bookingWorkflow,
  bookingWorkflowId,
  cancelledSignal,
  confirmedSignal,
  rescheduledSignal,
  stateQuery,
} from './booking-workflow.ts';
import {
  type BookingSchool,
  bookingEvents,
  bookingStatus,
  createBookingSchool,
  isoIn,
  reminderRows,
  waitFor,
} from './testing/booking-fixture.ts';

const workflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));

try {
  // The SDK's own chatter (bundler, worker state) only at warn and above; once per process.
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

describe('booking workflow (real worker, real Temporal dev server, real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let school: BookingSchool;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let dispatcher: OutboxDispatcher;
  let subscriptions: EventSubscription[];
  const logLines: string[] = [];
  const taskQueue = `scheduling-workflow-test-${randomUUID()}`;
  let deps: WorkerDeps;

  beforeAll(async () => {
    const address = inject('dcTemporal').address;
    tdb = await createTestDatabase();
    school = await createBookingSchool(tdb, 'wf-school');
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    nativeConnection = await NativeConnection.connect({ address });
    const log = createLogger('info', {}, (line) => logLines.push(line));
    deps = {
      env: tdb.env,
      keyring: parseKeyring(tdb.env.ENCRYPTION_KEYS),
      db: tdb.db,
      log,
      temporal: { client, taskQueue },
    };
    worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath,
      activities: createSchedulingActivities(deps),
    });
    running = worker.run();
    subscriptions = bookingWorkflowSubscriptions(deps);
    // The worker's dispatcher, drained by hand so each test decides when events are delivered.
    dispatcher = createOutboxDispatcher({
      platformDb: tdb.platformDb,
      db: tdb.db,
      handlers: subscriptions.map((s) => ({ ...s, moduleId: 'scheduling' })),
      log,
    });
  });

  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await nativeConnection?.close();
    await connection?.close();
    await tdb?.drop();
  });

  /** Starts the workflow as the start handler would, for a booking's own times and test-sized options. */
  function startWorkflow(
    booking: { id: string; start: string; end: string },
    input: Partial<BookingWorkflowInput> = {},
  ): Promise<WorkflowHandle<typeof bookingWorkflow>> {
    return client.workflow.start(bookingWorkflow, {
      workflowId: bookingWorkflowId(school.tenantId, booking.id),
      taskQueue,
      workflowExecutionTimeout: '2 minutes',
      args: [
        {
          tenantId: school.tenantId,
          bookingId: booking.id,
          start: booking.start,
          end: booking.end,
          status: 'pending',
          confirmationTimeoutHours: 24,
          minuteMs: 1000,
          ...input,
        },
      ],
    });
  }

  const handleOf = (bookingId: string) =>
    client.workflow.getHandle<typeof bookingWorkflow>(bookingWorkflowId(school.tenantId, bookingId));

  async function runHandler(id: string, event: OutboxEvent) {
    const handler = subscriptions.find((s) => s.id === id)!;
    await tdb.db.withTenant(event.tenantId, systemActor, (tx) =>
      handler.handle(event, { tx, log: deps.log }),
    );
  }

  async function outboxEvent(bookingId: string, type: string): Promise<OutboxEvent> {
    const [row] = await bookingEvents(tdb, bookingId, type);
    return {
      id: row!.id,
      tenantId: school.tenantId,
      type,
      payload: row!.payload,
      createdAt: row!.created_at,
    };
  }

  const count = async (bookingId: string, type: string) => (await bookingEvents(tdb, bookingId, type)).length;

  it('happy path: confirmed through the outbox, reminders once each, in progress, completed', async () => {
    // "Minutes" are seconds here: reminders 7 s and 4 s before a lesson 14 s away, 2 s long. The
    // first is due at +7 s: booking, confirming and draining the outbox must be done by then, or the
    // workflow plans without it (a reminder already past is skipped). At 10 s away that left 3 s,
    // which a loaded machine can use up.
    const booking = await school.book({ start: isoIn(14_000), end: isoIn(16_000) });
    const handle = await startWorkflow(booking, { reminderMinutesBefore: [7, 4] });
    expect(await handle.query(stateQuery)).toMatchObject({
      phase: 'awaiting_confirmation',
      status: 'pending',
    });

    await school.transition(booking.id, 'confirm');
    // Delivers booking.requested (the start handler finds the workflow running: a no-op) and
    // booking.confirmed (the signal handler signals it).
    await dispatcher.drain();
    await waitFor(async () => (await handle.query(stateQuery)).phase === 'scheduled');

    expect(await handle.result()).toBe('completed');
    expect(await bookingStatus(tdb, booking.id)).toBe('completed');

    const reminders = await bookingEvents(tdb, booking.id, 'booking.reminder_due');
    expect(reminders.map((e) => e.payload.minutesBefore)).toEqual([7, 4]);
    for (const event of reminders) {
      // A timer never fires early: each reminder went out at or after its time.
      const due = Date.parse(booking.start) - (event.payload.minutesBefore as number) * 1000;
      expect(event.created_at.getTime()).toBeGreaterThanOrEqual(due - 50);
      expect(new Set(event.payload.userIds as string[])).toEqual(
        new Set([booking.instructorUserId, booking.studentUserId]),
      );
    }
    const rows = await reminderRows(tdb, booking.id);
    expect(rows.map((r) => r.minutes_before)).toEqual([4, 4, 7, 7]); // instructor and student, twice
    expect(rows.every((r) => r.sent_at instanceof Date)).toBe(true);

    expect(await count(booking.id, 'booking.started')).toBe(1);
    expect(await count(booking.id, 'booking.completed')).toBe(1);
    const [started] = await bookingEvents(tdb, booking.id, 'booking.started');
    const [completed] = await bookingEvents(tdb, booking.id, 'booking.completed');
    expect(started!.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(booking.start) - 50);
    expect(completed!.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(booking.end) - 50);
    expect(await handle.query(stateQuery)).toMatchObject({ phase: 'finished', status: 'completed' });
  });

  it('expires an unanswered request when the confirmation timeout passes', async () => {
    const booking = await school.book();
    const handle = await startWorkflow(booking, { confirmationTimeoutMs: 1500 });
    expect(await handle.result()).toBe('expired');
    expect(await bookingStatus(tdb, booking.id)).toBe('expired');
    expect(await count(booking.id, 'booking.expired')).toBe(1);
    expect(await count(booking.id, 'booking.reminder_due')).toBe(0);
  });

  it('asks for payment once confirmed and releases the slot (free of charge) when none comes in time', async () => {
    const booking = await school.book();
    await school.transition(booking.id, 'confirm');
    const handle = await startWorkflow(booking, {
      status: 'confirmed',
      requirePayment: true,
      paymentTimeoutMinutes: 2,
    });
    expect(await handle.result()).toBe('payment_timeout');
    expect(await bookingStatus(tdb, booking.id)).toBe('cancelled');
    const [due] = await bookingEvents(tdb, booking.id, 'booking.payment_due');
    expect(due!.payload).toMatchObject({
      bookingId: booking.id,
      amountMinor: expect.any(Number),
      currency: 'GBP',
    });
    const [cancelled] = await bookingEvents(tdb, booking.id, 'booking.cancelled');
    expect(cancelled!.payload).toMatchObject({ reason: 'payment_timeout', feeMinor: 0 });
  });

  it('a paymentSucceeded signal (from payment.succeeded through the outbox) lets the lesson go ahead', async () => {
    const booking = await school.book({ start: isoIn(60_000), end: isoIn(120_000) });
    await school.transition(booking.id, 'confirm');
    const handle = await startWorkflow(booking, {
      status: 'confirmed',
      requirePayment: true,
      paymentTimeoutMinutes: 30,
    });
    await waitFor(async () => (await count(booking.id, 'booking.payment_due')) === 1);
    expect(await handle.query(stateQuery)).toMatchObject({ phase: 'awaiting_payment' });
    await runHandler('scheduling.signal-booking-workflow', {
      id: '00000000-0000-7000-8000-000000000001',
      tenantId: school.tenantId,
      type: 'payment.succeeded',
      payload: { paymentId: 'p', bookingId: booking.id },
      createdAt: new Date(),
    });
    await waitFor(async () => (await handle.query(stateQuery)).phase === 'scheduled');
    await school.transition(booking.id, 'cancel');
    await handle.signal(cancelledSignal);
    expect(await handle.result()).toBe('cancelled');
  });

  it('ends as rejected when the instructor rejects (started and signalled by the outbox handlers)', async () => {
    const booking = await school.book();
    await dispatcher.drain(); // booking.requested → the start handler starts the workflow
    const handle = handleOf(booking.id);
    expect(await handle.query(stateQuery)).toEqual({
      phase: 'awaiting_confirmation',
      status: 'pending',
      start: booking.start,
      end: booking.end,
    });

    await school.transition(booking.id, 'reject');
    await dispatcher.drain();
    expect(await handle.result()).toBe('rejected');
    expect(await bookingStatus(tdb, booking.id)).toBe('rejected');
    expect(await count(booking.id, 'booking.expired')).toBe(0);
  });

  it('a cancel signal mid-flow ends it as cancelled and no further reminder goes out', async () => {
    // Reminders at +6 s and +10 s, the lesson at +12 s: the first must still be ahead when the
    // workflow plans (a loaded machine can take seconds to get there), the cancel lands between them.
    const booking = await school.book({ start: isoIn(12_000), end: isoIn(14_000) });
    await school.transition(booking.id, 'confirm');
    const handle = await startWorkflow(booking, { status: 'confirmed', reminderMinutesBefore: [6, 2] });
    await waitFor(async () => (await count(booking.id, 'booking.reminder_due')) > 0);

    await school.transition(booking.id, 'cancel');
    await dispatcher.drain();
    expect(await handle.result()).toBe('cancelled');
    expect(await handle.query(stateQuery)).toMatchObject({ phase: 'finished', status: 'cancelled' });

    const reminders = await bookingEvents(tdb, booking.id, 'booking.reminder_due');
    expect(reminders.map((e) => e.payload.minutesBefore)).toEqual([6]);
    expect((await reminderRows(tdb, booking.id)).map((r) => r.minutes_before)).toEqual([6, 6]);
    expect(await count(booking.id, 'booking.started')).toBe(0);
    expect(await bookingStatus(tdb, booking.id)).toBe('cancelled');
  });

  it('a reschedule signal moves the reminder and lesson timers', async () => {
    // Planned: reminders at +30 s and +57 s, the lesson at +60 s.
    const booking = await school.book({ start: isoIn(60_000), end: isoIn(62_000) });
    await school.transition(booking.id, 'confirm');
    const handle = await startWorkflow(booking, { status: 'confirmed', reminderMinutesBefore: [30, 3] });
    await waitFor(async () => (await handle.query(stateQuery)).phase === 'scheduled');

    // Moved to +9 s (as the reschedule service would: the row first, then the signal): the
    // 30-"minute" reminder is already past, the 3-"minute" one is due at +6 s (still ahead when the
    // workflow re-plans, even on a loaded machine).
    const moved = { start: isoIn(9000), end: isoIn(11_000) };
    await tdb.owner`update bookings set starts_at = ${moved.start}, ends_at = ${moved.end} where id = ${booking.id}`;
    await tdb.owner`update calendar_events set starts_at = ${moved.start}, ends_at = ${moved.end}
                     where booking_id = ${booking.id}`;
    await handle.signal(rescheduledSignal, moved);

    expect(await handle.result()).toBe('completed');
    expect(await handle.query(stateQuery)).toMatchObject({ ...moved, status: 'completed' });
    const reminders = await bookingEvents(tdb, booking.id, 'booking.reminder_due');
    expect(reminders.map((e) => e.payload.minutesBefore)).toEqual([3]);
    expect(reminders[0]!.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(moved.start) - 3000 - 50);
    const [started] = await bookingEvents(tdb, booking.id, 'booking.started');
    const [completed] = await bookingEvents(tdb, booking.id, 'booking.completed');
    expect(started!.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(moved.start) - 50);
    expect(completed!.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(moved.end) - 50);
    expect(completed!.created_at.getTime()).toBeLessThan(Date.parse(booking.start));
  });

  it('the reschedule service reaches the workflow through the outbox', async () => {
    const booking = await school.book();
    await school.transition(booking.id, 'confirm');
    await dispatcher.drain(); // started (already confirmed by the time it runs) and signalled
    const handle = handleOf(booking.id);
    await waitFor(async () => (await handle.query(stateQuery)).phase === 'scheduled');

    const moved = await school.reschedule(booking.id, new Date(Date.parse(booking.start) + 2 * 3_600_000));
    await dispatcher.drain();
    await waitFor(async () => (await handle.query(stateQuery)).start === moved.start);
    expect(await handle.query(stateQuery)).toEqual({
      phase: 'scheduled',
      status: 'confirmed',
      start: moved.start,
      end: moved.end,
    });

    await school.transition(booking.id, 'cancel');
    await dispatcher.drain();
    expect(await handle.result()).toBe('cancelled');
  });

  it('a run that starts late takes the decision and the move it missed from the database', async () => {
    const booking = await school.book();
    const requested = await outboxEvent(booking.id, 'booking.requested');
    await school.transition(booking.id, 'confirm');
    const moved = await school.reschedule(booking.id, new Date(Date.parse(booking.start) + 3_600_000));

    // Only now (say Temporal was down) does booking.requested, with its original times, start it.
    await runHandler('scheduling.start-booking-workflow', requested);
    const handle = handleOf(booking.id);
    await waitFor(async () => (await handle.query(stateQuery)).phase === 'scheduled');
    expect(await handle.query(stateQuery)).toMatchObject({
      status: 'confirmed',
      start: moved.start,
      end: moved.end,
    });

    await handle.signal(cancelledSignal); // (no outbox here: the signal alone, as a late one would arrive)
    expect(await handle.result()).toBe('cancelled');
  });

  it('a second start for the same booking through the subscription handler is a no-op', async () => {
    const booking = await school.book();
    const requested = await outboxEvent(booking.id, 'booking.requested');
    await runHandler('scheduling.start-booking-workflow', requested);
    const handle = handleOf(booking.id);
    const first = await handle.describe();

    // A redelivery (the outbox dedupes per handler, but a crash between start and commit repeats it).
    await runHandler('scheduling.start-booking-workflow', requested);
    const second = await handle.describe();
    expect(second.runId).toBe(first.runId);
    expect(second.status.name).toBe('RUNNING');

    await school.transition(booking.id, 'cancel');
    await runHandler(
      'scheduling.signal-booking-workflow',
      await outboxEvent(booking.id, 'booking.cancelled'),
    );
    expect(await handle.result()).toBe('cancelled');

    // Not even a finished booking's workflow is started again.
    await runHandler('scheduling.start-booking-workflow', requested);
    const after = await handle.describe();
    expect(after.runId).toBe(first.runId);
    expect(after.status.name).toBe('COMPLETED');
    const repeats = logLines.filter(
      (l) => l.includes('booking workflow already started') && l.includes(booking.id),
    );
    expect(repeats).toHaveLength(2);
  });

  it('a signal for a booking without a workflow is logged and ignored', async () => {
    const booking = await school.book();
    await school.transition(booking.id, 'confirm');
    await runHandler(
      'scheduling.signal-booking-workflow',
      await outboxEvent(booking.id, 'booking.confirmed'),
    );
    const line = logLines.find((l) => l.includes('no running booking workflow') && l.includes(booking.id));
    expect(JSON.parse(line!)).toMatchObject({ level: 'warn', eventType: 'booking.confirmed' });
  });

  it('without a Temporal client no handler is registered', () => {
    expect(bookingWorkflowSubscriptions({ ...deps, temporal: undefined })).toEqual([]);
  });

  it('activities are idempotent and refuse what cannot be done without retrying', async () => {
    const activities = createSchedulingActivities(deps);
    const booking = await school.book();
    const ref = { tenantId: school.tenantId, bookingId: booking.id };
    // A reminder for a lesson that is not confirmed is not sent.
    expect(await activities.sendReminder({ ...ref, minutesBefore: 60 })).toEqual({
      status: 'pending',
      sent: false,
    });
    const refusal = await activities.startBooking(ref).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApplicationFailure);
    expect(refusal).toMatchObject({ type: 'scheduling.invalid_transition', nonRetryable: true });

    await school.transition(ref.bookingId, 'confirm');
    expect(await activities.sendReminder({ ...ref, minutesBefore: 60 })).toEqual({
      status: 'confirmed',
      sent: true,
    });
    expect(await activities.sendReminder({ ...ref, minutesBefore: 60 })).toEqual({
      status: 'confirmed',
      sent: false,
    });
    expect(await count(ref.bookingId, 'booking.reminder_due')).toBe(1);
    expect(await reminderRows(tdb, ref.bookingId)).toHaveLength(2);
    // Moved: the reminder is due again for the new time (once).
    const moved = await school.reschedule(ref.bookingId, new Date(Date.parse(booking.start) + 3_600_000));
    expect(await activities.sendReminder({ ...ref, minutesBefore: 60 })).toEqual({
      status: 'confirmed',
      sent: true,
    });
    expect(await activities.sendReminder({ ...ref, minutesBefore: 60 })).toEqual({
      status: 'confirmed',
      sent: false,
    });
    const reminders = await bookingEvents(tdb, ref.bookingId, 'booking.reminder_due');
    expect(reminders.map((e) => e.payload.start)).toEqual([booking.start, moved.start]);
    expect(await reminderRows(tdb, ref.bookingId)).toHaveLength(2);

    // Confirmation beat the expiry timer: expiring returns the status and changes nothing.
    expect(await activities.expireBooking(ref)).toBe('confirmed');
    expect(await activities.startBooking(ref)).toBe('in_progress');
    expect(await activities.startBooking(ref)).toBe('in_progress');
    expect(await activities.completeBooking(ref)).toBe('completed');
    expect(await activities.completeBooking(ref)).toBe('completed');
    expect(await activities.getBookingStatus(ref)).toEqual({
      status: 'completed',
      start: moved.start,
      end: moved.end,
    });
    const types = (await bookingEvents(tdb, ref.bookingId)).map((e) => e.type);
    expect(types.filter((t) => t === 'booking.started' || t === 'booking.completed')).toEqual([
      'booking.started',
      'booking.completed',
    ]);

    const missing = await activities
      .getBookingStatus({ tenantId: school.tenantId, bookingId: randomUUID() })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ type: 'scheduling.booking_not_found', nonRetryable: true });
  });

  it('replays a recorded history deterministically (signals, reschedule, reminders, completion)', async () => {
    const booking = await school.book({ start: isoIn(30_000), end: isoIn(32_000) });
    const handle = await startWorkflow(booking, { reminderMinutesBefore: [10, 2] });
    await school.transition(booking.id, 'confirm');
    await handle.signal(confirmedSignal);
    // The 2-"minute" reminder of the new time is due at +4 s: still ahead when the workflow re-plans
    // (it is skipped once past, and the four activities below would be three).
    const moved = { start: isoIn(6000), end: isoIn(7000) };
    await tdb.owner`update bookings set starts_at = ${moved.start}, ends_at = ${moved.end} where id = ${booking.id}`;
    await handle.signal(rescheduledSignal, moved);
    expect(await handle.result()).toBe('completed');

    const history = await handle.fetchHistory();
    const kinds = history.events!.map((e) => Object.keys(e).find((k) => k.endsWith('Attributes')));
    expect(kinds.filter((k) => k === 'workflowExecutionSignaledEventAttributes')).toHaveLength(2);
    expect(kinds).toContain('timerStartedEventAttributes');
    expect(kinds.filter((k) => k === 'activityTaskCompletedEventAttributes')).toHaveLength(4);
    await expect(
      Worker.runReplayHistory({ workflowsPath }, history, handle.workflowId),
    ).resolves.toBeUndefined();
  });
});
