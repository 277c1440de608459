import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bookingWorkflow, bookingWorkflowId } from './booking-workflow.ts';
import {
  type BookingSchool,
  bookingEvents,
  bookingStatus,
  createBookingSchool,
  isoIn,
  reminderRows,
  waitFor,
} from './testing/booking-fixture.ts';
import type { RunWorkerConfig } from './testing/run-worker.ts';

const script = fileURLToPath(new URL('./testing/run-worker.ts', import.meta.url));
const moduleDir = fileURLToPath(new URL('../../', import.meta.url));

type WorkerProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** A worker in a child process, resolved once it polls the task queue. */
async function spawnWorker(config: RunWorkerConfig): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], {
    cwd: moduleDir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await Promise.race([
    waitFor(async () => output.includes('ready\n'), 60_000),
    exited.then((code) => {
      throw new Error(`worker process exited (${code}) before it was ready:\n${output}`);
    }),
  ]);
  return { child, output: () => output, exited };
}

describe('booking workflow survives a worker crash', () => {
  let tdb: TestDatabase;
  let school: BookingSchool;
  let connection: Connection;
  let client: Client;
  const workers: WorkerProcess[] = [];
  const taskQueue = `scheduling-crash-test-${randomUUID()}`;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    school = await createBookingSchool(tdb, 'crash-school');
    connection = await Connection.connect({ address: inject('dcTemporal').address });
    client = new Client({ connection });
  });

  afterAll(async () => {
    for (const w of workers) {
      if (w.child.exitCode === null && w.child.signalCode === null) {
        w.child.kill('SIGKILL');
        await w.exited;
      }
    }
    await connection?.close();
    await tdb?.drop();
  });

  it('a SIGKILLed worker is replaced and the flow finishes with every side effect exactly once', async () => {
    const config: RunWorkerConfig = {
      address: inject('dcTemporal').address,
      taskQueue,
      databaseUrl: tdb.appUrl,
      // The dead worker's sticky queue holds the next task this long before the new worker may take it.
      stickyTimeoutMs: 2000,
    };
    const first = await spawnWorker(config);
    workers.push(first);

    // Reminders at +10 s and +15 s, the lesson from +20 s to +22 s. The first must still be ahead
    // when the workflow plans (a reminder already past is skipped): booking, confirming and the
    // worker's first tasks get 10 s, room for a loaded machine.
    const booking = await school.book({ start: isoIn(20_000), end: isoIn(22_000) });
    await school.transition(booking.id, 'confirm');
    const handle = await client.workflow.start(bookingWorkflow, {
      workflowId: bookingWorkflowId(school.tenantId, booking.id),
      taskQueue,
      workflowExecutionTimeout: '2 minutes',
      args: [
        {
          tenantId: school.tenantId,
          bookingId: booking.id,
          start: booking.start,
          end: booking.end,
          status: 'confirmed',
          confirmationTimeoutHours: 24,
          reminderMinutesBefore: [10, 5],
          minuteMs: 1000,
        },
      ],
    });

    // The first reminder is sent and recorded, and the workflow sleeps towards the second.
    await waitFor(async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      return events.filter((e) => e.timerStartedEventAttributes).length >= 2;
    }, 30_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull(); // killed by the signal, not exited
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(await bookingEvents(tdb, booking.id, 'booking.reminder_due')).toHaveLength(1);

    const second = await spawnWorker(config);
    workers.push(second);
    expect(await handle.result()).toBe('completed');

    const reminders = await bookingEvents(tdb, booking.id, 'booking.reminder_due');
    expect(reminders.map((e) => e.payload.minutesBefore)).toEqual([10, 5]);
    expect((await reminderRows(tdb, booking.id)).map((r) => r.minutes_before)).toEqual([5, 5, 10, 10]);
    expect(await bookingEvents(tdb, booking.id, 'booking.started')).toHaveLength(1);
    expect(await bookingEvents(tdb, booking.id, 'booking.completed')).toHaveLength(1);
    expect(await bookingStatus(tdb, booking.id)).toBe('completed');

    // Both processes took part: the new one replayed the history and carried on.
    const history = (await handle.fetchHistory()).events ?? [];
    const identities = new Set(
      history.flatMap((e) => {
        const identity = e.workflowTaskCompletedEventAttributes?.identity;
        return identity ? [identity.split('@')[0]] : [];
      }),
    );
    expect(identities).toEqual(new Set([String(first.child.pid), String(second.child.pid)]));

    second.child.send('shutdown');
    expect(await second.exited).toBe(0);
  }, 90_000);
});
