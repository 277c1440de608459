/**
 * Fault drill: the Temporal server restarted mid-workflow. This drill runs its own Temporal dev
 * server with a SQLite file (`--db-filename`), so it can be stopped and started again with its
 * state and no other suite loses its server. The real worker (apps/worker main.ts) runs as a
 * child process; the API is the in-process app on the drill's database.
 *
 * Five lessons are requested in a school where lessons are confirmed by hand and must be paid
 * before they go ahead (from the student's credit). Four booking workflows are waiting for the
 * instructor's answer when Temporal stops. While it is down, the API reports not ready (503
 * problem naming Temporal) and still takes decisions. It needs Temporal for no request: each
 * decision is written with its outbox event, and the worker hands it to Temporal later. Then
 * Temporal starts again on the same port and file. Every workflow carries on from its history
 * and ends where its booking's decisions lead. Each side effect happens once: one workflow run
 * per booking, one payment and one debit per paid lesson, one payment-due event and one
 * notification per recipient and event.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  findTemporalCli,
  freePort,
  startTemporalDevServer,
  type TemporalDevServer,
} from '@dualcontrol/platform';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaymentsSchool,
  createTestApi,
  type PaymentsSchool,
  type TestApi,
} from '../payments/payments-fixture.ts';
import { startAhead } from '../scheduling/scheduling-fixture.ts';

const workerMain = fileURLToPath(new URL('../../apps/worker/src/main.ts', import.meta.url));
const PRICE = 4500;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('fault drill: Temporal server restarted mid-workflow', () => {
  let dir: string;
  let port: number;
  let uiPort: number;
  let temporal: TemporalDevServer | undefined;
  let api: TestApi;
  let school: PaymentsSchool;
  let worker: ChildProcess | undefined;
  let workerOut = '';
  let connection: Connection | undefined;
  const taskQueue = `temporal-drill-${randomUUID()}`;

  const startTemporal = () =>
    startTemporalDevServer({
      cli: findTemporalCli(process.env.TEMPORAL_CLI),
      port,
      uiPort,
      dbFile: join(dir, 'temporal.db'),
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dc-drill-temporal-'));
    port = await freePort();
    uiPort = await freePort();
    temporal = await startTemporal();
    api = await createTestApi({
      env: { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue },
    });
    school = await createPaymentsSchool(api, 'tdrill', {
      policies: { bookingConfirmation: 'manual', paymentRequired: true, paymentTimeoutMinutes: 60 },
    });
    worker = spawn(process.execPath, ['--import', 'tsx', workerMain], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: api.tdb.ownerUrl,
        DATABASE_APP_URL: api.tdb.appUrl,
        DATABASE_PLATFORM_URL: api.tdb.platformUrl,
        DATABASE_ROLE_PASSWORD: api.tdb.env.DATABASE_ROLE_PASSWORD,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      workerOut = (workerOut + d.toString()).slice(-20_000);
    };
    worker.stdout!.on('data', keep);
    worker.stderr!.on('data', keep);
    await waitFor(
      async () => workerOut.includes('worker running') || worker!.exitCode !== null,
      60_000,
      'the worker to start',
    );
    if (worker.exitCode !== null) throw new Error(`worker exited: ${workerOut}`);
    connection = await Connection.connect({ address: temporal.address });
  }, 180_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await connection?.close().catch(() => {});
    await api?.close().catch(() => {});
    await temporal?.stop().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('workflows waiting on a signal finish after the restart, each side effect once; the API says 503 not ready meanwhile', async () => {
    const client = new Client({ connection: connection! });
    const handle = (bookingId: string) =>
      client.workflow.getHandle(`booking:${school.tenant.id}:${bookingId}`);
    const phase = async (bookingId: string) =>
      ((await handle(bookingId).query('state')) as { phase: string }).phase;
    const [sam, sue, sid] = school.students;
    const owner = school.ownerToken;
    for (const s of [sam!, sue!]) {
      const res = await school.call('POST', `/api/v1/students/${s.id}/credit/adjustments`, owner, {
        amountMinor: 2 * PRICE,
        reason: 'prepaid lessons',
      });
      expect(res.status).toBe(201);
    }

    // Four lessons requested; their workflows wait for the instructor's answer.
    const toConfirm = [
      await school.book(sam!.token, { confirm: false }),
      await school.book(sue!.token, { confirm: false }),
    ];
    const toReject = await school.book(sid!.token, { confirm: false });
    const toCancel = await school.book(sam!.token, { confirm: false });
    const waiting = [...toConfirm, toReject, toCancel];
    await waitFor(
      async () =>
        (await Promise.all(waiting.map((b) => phase(b.id)))).every((p) => p === 'awaiting_confirmation'),
      30_000,
      'four workflows awaiting confirmation',
    );

    await temporal!.stop();
    const stoppedAt = Date.now();

    // Down: not ready, as a problem naming Temporal; PostgreSQL still answers.
    const ready = await api.call('GET', '/api/readyz');
    expect(ready.status).toBe(503);
    expect(ready.contentType).toContain('application/problem+json');
    expect(ready.body.code).toBe('health.not_ready');
    expect(ready.body.checks).toEqual({ postgres: true, temporal: false });
    // Decisions and new requests are taken meanwhile: nothing on the request path calls Temporal.
    const actionsFrom = Date.now();
    const instructorToken = school.instructor.token;
    const outage: number[] = [];
    for (const b of toConfirm)
      outage.push((await school.call('POST', `/api/v1/bookings/${b.id}/confirm`, instructorToken)).status);
    outage.push(
      (await school.call('POST', `/api/v1/bookings/${toReject.id}/reject`, instructorToken)).status,
    );
    outage.push((await school.call('POST', `/api/v1/bookings/${toCancel.id}/cancel`, sam!.token)).status);
    const lateRequest = await school.call('POST', '/api/v1/bookings', sue!.token, {
      instructorId: school.otherInstructor.id,
      start: startAhead(school.timezone, 5, '11:00'),
      durationMinutes: 60,
      lessonTypeId: school.lessonTypeId,
    });
    outage.push(lateRequest.status);
    expect(outage).toEqual([200, 200, 200, 200, 201]);
    const actionsMs = Date.now() - actionsFrom;
    // Down a few seconds more. The worker is handing those events to Temporal meanwhile: its
    // client retries each call (gRPC UNAVAILABLE, with backoff) before the outbox records a failure.
    let failure = '';
    while (Date.now() - stoppedAt < 5000) {
      const [row] = await api.tdb.owner<{ last_error: string }[]>`
        select last_error from outbox_events
         where tenant_id = ${school.tenant.id} and dispatched_at is null and last_error is not null limit 1`;
      if (row && !failure) failure = row.last_error;
      await new Promise((r) => setTimeout(r, 200));
    }
    const downMs = Date.now() - stoppedAt;

    temporal = await startTemporal();
    const restartedAt = Date.now();
    await waitFor(async () => (await api.call('GET', '/api/readyz')).status === 200, 10_000, 'readyz 200');
    const readyMs = Date.now() - restartedAt;

    // Every workflow carries on from its stored history to where its booking's decisions lead.
    await waitFor(
      async () => {
        const phases = await Promise.all(toConfirm.map((b) => phase(b.id)));
        const late = await phase(lateRequest.body.id);
        const [rejected, cancelled] = await Promise.all(
          [toReject, toCancel].map((b) => handle(b.id).describe()),
        );
        return (
          phases.every((p) => p === 'scheduled') &&
          late === 'awaiting_confirmation' &&
          rejected!.status.name === 'COMPLETED' &&
          cancelled!.status.name === 'COMPLETED'
        );
      },
      60_000,
      'the workflows to carry on after the restart',
    );
    const recoveredMs = Date.now() - restartedAt;
    expect(await handle(toReject.id).result()).toBe('rejected');
    expect(await handle(toCancel.id).result()).toBe('cancelled');

    // Exactly once. One run per booking (no second start of a booking's workflow).
    for (const b of [...waiting, lateRequest.body as { id: string }]) {
      const runs = [];
      for await (const w of client.workflow.list({
        query: `WorkflowId = 'booking:${school.tenant.id}:${b.id}'`,
      }))
        runs.push(w.runId);
      expect(runs, `runs of ${b.id}`).toHaveLength(1);
    }
    // One payment, one debit, one payment-due and one payment.succeeded per confirmed lesson.
    const ids = toConfirm.map((b) => b.id);
    const payments = await api.tdb.owner<{ booking_id: string; status: string; method: string }[]>`
      select booking_id, status, method from payments where booking_id = any(${ids}::uuid[]) order by booking_id`;
    expect(payments.map((p) => [p.status, p.method])).toEqual([
      ['succeeded', 'credit'],
      ['succeeded', 'credit'],
    ]);
    expect((await school.credit(sam!.id)).balanceMinor).toBe(PRICE);
    expect((await school.credit(sue!.id)).balanceMinor).toBe(PRICE);
    const events = await api.tdb.owner<{ type: string; n: number }[]>`
      select type, count(*)::int as n from outbox_events
       where tenant_id = ${school.tenant.id} and payload->>'bookingId' = any(${ids}::text[])
       group by type order by type`;
    const byType = Object.fromEntries(events.map((e) => [e.type, e.n]));
    expect(byType['booking.payment_due']).toBe(2);
    expect(byType['payment.succeeded']).toBe(2);
    expect(byType['booking.requested']).toBe(2);
    expect(byType['booking.confirmed']).toBe(2);
    // Bookings: one row per request, none added by a replay.
    const rows = await api.tdb.owner<{ status: string }[]>`
      select status from bookings where tenant_id = ${school.tenant.id} order by created_at`;
    expect(rows.map((r) => r.status).sort()).toEqual(
      ['cancelled', 'confirmed', 'confirmed', 'pending', 'rejected'].sort(),
    );
    // Notifications: never two for one recipient and one event.
    const dupes = await api.tdb.owner`
      select event_id, user_id from notifications where tenant_id = ${school.tenant.id}
       group by event_id, user_id having count(*) > 1`;
    expect(dupes).toEqual([]);
    // No event was given up on during the outage.
    const dead = await api.tdb.owner`
      select type from outbox_events where tenant_id = ${school.tenant.id} and dead_at is not null`;
    expect(dead).toEqual([]);

    // How the outage looked to the outbox: attempts of the events written while it was down.
    const [retries] = await api.tdb.owner<{ events: number; max: number }[]>`
      select count(*)::int as events, max(attempts)::int as max from outbox_events
       where tenant_id = ${school.tenant.id} and created_at >= ${new Date(actionsFrom)}`;

    console.info(
      `drill: Temporal down ${downMs} ms (5 API actions in ${actionsMs} ms, all 2xx; ${retries!.events} ` +
        `events written since the outage began, none needing more than ${retries!.max} attempt(s)` +
        `${failure ? `, a failed hand-over read "${failure.slice(0, 60)}"` : ''}); ` +
        `readyz 200 ${readyMs} ms after the restart; ` +
        `all workflows where they belong ${recoveredMs} ms after the restart`,
    );
  }, 90_000);
});
