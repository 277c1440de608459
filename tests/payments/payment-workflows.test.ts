import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { productModules } from '@dualcontrol/product';
import { createDualcontrolWorker } from '@dualcontrol/worker/create-worker';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  allPaymentIntents,
  CARDS,
  createPaymentsSchool,
  createTestApi,
  type PaymentsSchool,
  stripeEnv,
  type TestApi,
} from './payments-fixture.ts';

const workerMain = fileURLToPath(new URL('../../apps/worker/src/main.ts', import.meta.url));

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The Temporal flows of payments end to end: the real API, a real worker (outbox dispatcher +
// every module's workflows) on the Temporal dev server, and the Stripe stand-in.
describe('payment workflows (Temporal)', () => {
  let api: TestApi;
  let s: PaymentsSchool;
  let worker: Awaited<ReturnType<typeof createDualcontrolWorker>>;
  const taskQueue = `payments-test-${randomUUID()}`;
  const temporalAddress = () => inject('dcTemporal').address;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    api = await createTestApi({
      env: { ...stripeEnv(), TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue },
    });
    s = await createPaymentsSchool(api, 'flowschool', {
      stripe: true,
      policies: { paymentRequired: true, paymentTimeoutMinutes: 60, bookingConfirmation: 'manual' },
    });
    worker = await createDualcontrolWorker(api.tdb.env, productModules);
    await worker.start();
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const payment = async (bookingId: string) =>
    (
      await api.tdb.owner<{ id: string; status: string; method: string }[]>`
      select id, status, method from payments where booking_id = ${bookingId} and purpose = 'booking'
      order by created_at`
    ).at(-1);
  const workflowPhase = async (bookingId: string) => {
    const handle = worker.client.workflow.getHandle(`booking:${s.tenant.id}:${bookingId}`);
    return ((await handle.query('state')) as { phase: string }).phase;
  };

  it('a confirmed lesson that must be prepaid is paid from credit first, and then goes ahead', async () => {
    const student = s.students[0];
    await s.call('POST', `/api/v1/students/${student.id}/credit/adjustments`, s.ownerToken, {
      amountMinor: 4500,
      reason: 'voucher',
    });
    const lesson = await s.book(student.token);
    await waitFor(async () => (await payment(lesson.id))?.status === 'succeeded', 30_000, 'credit payment');
    expect((await payment(lesson.id))!.method).toBe('credit');
    await waitFor(async () => (await workflowPhase(lesson.id)) === 'scheduled', 30_000, 'booking scheduled');
    expect((await s.credit(student.id)).balanceMinor).toBe(0);
  });

  it('with no credit, the saved card is charged off-session', async () => {
    const student = s.students[1];
    await s.saveCard(student.token);
    const lesson = await s.book(student.token);
    await waitFor(async () => (await payment(lesson.id))?.status === 'succeeded', 30_000, 'card payment');
    expect((await payment(lesson.id))!.method).toBe('card');
    await waitFor(async () => (await workflowPhase(lesson.id)) === 'scheduled', 30_000, 'booking scheduled');
  });

  it('with neither, the booking waits for the student, who pays in the portal', async () => {
    const student = s.students[2];
    const lesson = await s.book(student.token);
    await waitFor(
      async () =>
        (
          await api.tdb
            .owner`select 1 from outbox_events where type = 'booking.payment_due' and payload->>'bookingId' = ${lesson.id}`
        ).length === 1,
      30_000,
      'payment request',
    );
    await waitFor(
      async () => (await workflowPhase(lesson.id)) === 'awaiting_payment',
      30_000,
      'awaiting payment',
    );
    await s.call('POST', `/api/v1/students/${student.id}/credit/adjustments`, s.ownerToken, {
      amountMinor: 4500,
      reason: 'cash handed to the office',
    });
    const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, {
      method: 'credit',
    });
    expect(paid.status).toBe(201);
    await waitFor(async () => (await workflowPhase(lesson.id)) === 'scheduled', 30_000, 'booking scheduled');
  });

  describe('payment plans', () => {
    const planStatus = async (planId: string) =>
      (await s.call('GET', `/api/v1/payment-plans/${planId}`, s.ownerToken)).body as {
        status: string;
        schedule: { status: string; attempts: number; dueAt: string; paidAt: string | null }[];
      };
    const inSeconds = (n: number) => new Date(Date.now() + n * 1000).toISOString();

    it('charges the deposit at once and each instalment on its due date, then completes', async () => {
      const student = s.students[1]; // has a good default card
      const created = await s.call('POST', '/api/v1/payment-plans', s.ownerToken, {
        studentId: student.id,
        description: 'Intensive course',
        deposit: { amountMinor: 20000 },
        instalments: [
          { amountMinor: 15000, dueAt: inSeconds(3) },
          { amountMinor: 15000, dueAt: inSeconds(5) },
        ],
        retryDelaysSeconds: [1],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ totalMinor: 50000, status: 'active' });
      const planId = created.body.id;
      await waitFor(async () => (await planStatus(planId)).schedule[0]!.status === 'paid', 20_000, 'deposit');
      expect((await planStatus(planId)).schedule[2]!.status).toBe('scheduled');
      await waitFor(async () => (await planStatus(planId)).status === 'completed', 30_000, 'plan completed');
      const plan = await planStatus(planId);
      // Each charge on or after its own due date. (Not "the last ≥ 4 s after the deposit": that held
      // only while the deposit took under a second to start and charge, which a loaded machine can
      // exceed while the timers still fire on time.)
      for (const entry of plan.schedule)
        expect(Date.parse(entry.paidAt!)).toBeGreaterThanOrEqual(Date.parse(entry.dueAt));
      const charged = await api.tdb.owner`
        select p.id from payments p join payment_schedules ps on ps.id = p.schedule_id
        where ps.plan_id = ${planId} and p.status = 'succeeded'`;
      expect(charged).toHaveLength(3);
    });

    it('a declined instalment is retried after each delay, announced for dunning, and the plan defaults', async () => {
      const student = s.students[0];
      const card = await s.saveCard(student.token, CARDS.declined);
      const created = await s.call('POST', '/api/v1/payment-plans', s.ownerToken, {
        studentId: student.id,
        paymentMethodId: card.id,
        description: 'Test package in three parts',
        instalments: [{ amountMinor: 10000, dueAt: inSeconds(1) }],
        retryDelaysSeconds: [1, 2],
      });
      const planId = created.body.id;
      await waitFor(async () => (await planStatus(planId)).status === 'defaulted', 40_000, 'plan defaulted');
      const plan = await planStatus(planId);
      expect(plan.schedule[0]).toMatchObject({ status: 'failed', attempts: 3 });
      const dunning = await api.tdb.owner<{ payload: { attempt: number; willRetry: boolean } }[]>`
        select payload from outbox_events where type = 'payment_plan.instalment_failed'
        and payload->>'planId' = ${planId} order by created_at`;
      expect(dunning.map((d) => [d.payload.attempt, d.payload.willRetry])).toEqual([
        [1, true],
        [2, true],
        [3, false],
      ]);
      const defaulted = await api.tdb.owner`
        select 1 from outbox_events where type = 'payment_plan.defaulted' and payload->>'planId' = ${planId}`;
      expect(defaulted).toHaveLength(1);
      // Owed from the first failure on (once: a retry failing again is the same debt), still owed.
      const owed = await api.tdb.owner<{ payload: { changeMinor: number; outstandingMinor: number } }[]>`
        select payload from outbox_events where type = 'payment.outstanding_changed'
        and payload->>'studentId' = ${student.id} order by created_at`;
      expect(owed.map((o) => [o.payload.changeMinor, o.payload.outstandingMinor])).toEqual([[10000, 10000]]);
    });

    it('a paused plan charges nothing until resumed; a cancelled one stops', async () => {
      const student = s.students[1];
      const created = await s.call('POST', '/api/v1/payment-plans', s.ownerToken, {
        studentId: student.id,
        description: 'Pausable',
        instalments: [
          { amountMinor: 5000, dueAt: inSeconds(2) },
          { amountMinor: 5000, dueAt: inSeconds(60) },
        ],
      });
      const planId = created.body.id;
      expect((await s.call('POST', `/api/v1/payment-plans/${planId}/pause`, s.ownerToken)).body.status).toBe(
        'paused',
      );
      await new Promise((r) => setTimeout(r, 4000));
      expect((await planStatus(planId)).schedule[0]!.status).toBe('scheduled');
      await s.call('POST', `/api/v1/payment-plans/${planId}/resume`, s.ownerToken);
      await waitFor(
        async () => (await planStatus(planId)).schedule[0]!.status === 'paid',
        20_000,
        'resumed charge',
      );
      const cancelled = await s.call('POST', `/api/v1/payment-plans/${planId}/cancel`, s.ownerToken);
      expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      expect(cancelled.body.schedule[1].status).toBe('cancelled');
      const handle = worker.client.workflow.getHandle(`payment-plan:${s.tenant.id}:${planId}`);
      expect(await handle.result()).toBe('cancelled');
    });
  });

  it('crash: the worker dies between the Stripe charge and our commit; a new worker finishes without charging twice', async () => {
    // This school's worker is the child process; the in-process worker polls another queue.
    const crashQueue = `payments-crash-${randomUUID()}`;
    const crashApi = await createTestApi({
      env: { ...stripeEnv(), TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: crashQueue },
    });
    try {
      const school = await createPaymentsSchool(crashApi, 'crashschool', {
        stripe: true,
        policies: { paymentRequired: true },
      });
      const student = school.students[0];
      await school.saveCard(student.token);
      const env = {
        ...process.env,
        NODE_ENV: 'test' as const,
        LOG_LEVEL: 'info',
        DATABASE_URL: crashApi.tdb.ownerUrl,
        DATABASE_APP_URL: crashApi.tdb.appUrl,
        DATABASE_PLATFORM_URL: crashApi.tdb.platformUrl,
        DATABASE_ROLE_PASSWORD: crashApi.tdb.env.DATABASE_ROLE_PASSWORD,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: crashQueue,
        ...stripeEnv(),
      };
      const startWorker = async (fault?: string) => {
        const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', workerMain], {
          env: { ...env, ...(fault ? { DC_FAULT: fault } : {}) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.stderr!.on('data', (d: Buffer) => {
          out += d.toString();
        });
        await waitFor(
          async () => out.includes('worker running') || child.exitCode !== null,
          60_000,
          'worker start',
        );
        if (child.exitCode !== null) throw new Error(`worker exited: ${out}`);
        return { child, exited: new Promise<string | null>((r) => child.once('exit', (_c, sig) => r(sig))) };
      };

      const doomed = await startWorker('payments.after-stripe-charge');
      const lesson = await school.book(student.token);
      expect(await doomed.exited).toBe('SIGKILL');

      // Stripe charged; our database did not hear of it.
      const [row] = await crashApi.tdb.owner<{ id: string; status: string }[]>`
        select id, status from payments where booking_id = ${lesson.id}`;
      expect(row!.status).toBe('pending');
      const intents = async () =>
        (await allPaymentIntents()).filter((pi) => pi.metadata?.paymentId === row!.id);
      expect((await intents()).map((pi) => pi.status)).toEqual(['succeeded']);

      const healthy = await startWorker();
      try {
        await waitFor(
          async () =>
            (
              await crashApi.tdb.owner<
                { status: string }[]
              >`select status from payments where id = ${row!.id}`
            )[0]!.status === 'succeeded',
          60_000,
          'the retried activity to settle the payment',
        );
        expect(await intents()).toHaveLength(1);
        const invoices = await crashApi.tdb.owner`select 1 from invoices where payment_id = ${row!.id}`;
        expect(invoices).toHaveLength(1);
        const handle = worker.client.workflow.getHandle(`booking:${school.tenant.id}:${lesson.id}`);
        await waitFor(
          async () => ((await handle.query('state')) as { phase: string }).phase === 'scheduled',
          30_000,
          'booking reconciled',
        );
      } finally {
        healthy.child.kill('SIGTERM');
        await healthy.exited;
      }
    } finally {
      await crashApi.close();
    }
  }, 150_000);
});
