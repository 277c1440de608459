import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PaymentsActivities } from '../activities.ts';

// Deterministic sandbox: only @temporalio/workflow and type-only imports here. Date.now() is the
// workflow clock.

export type PaymentPlanInput = { tenantId: string; planId: string };
export type PaymentPlanOutcome = 'completed' | 'defaulted' | 'cancelled';
type PlanStatus = 'active' | 'paused' | 'cancelled' | 'completed' | 'defaulted';

/** The plan's status as the database now holds it (paused / active / cancelled). */
export const planChangedSignal = defineSignal<[{ status: PlanStatus }]>('planChanged');
export const planStateQuery = defineQuery<{ status: PlanStatus; paid: number; attempts: number }>(
  'planState',
);

const { loadPaymentPlan, chargeInstalment, finishPaymentPlan } = proxyActivities<PaymentsActivities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 20,
  },
});

/**
 * Charges each instalment of a plan on its due date. A refused charge is retried after each of
 * the plan's retry delays (every failure is announced for dunning); after the last one the plan
 * is defaulted. Pausing holds the next charge until resumed; cancelling ends the plan.
 */
export async function paymentPlanWorkflow(input: PaymentPlanInput): Promise<PaymentPlanOutcome> {
  const plan = await loadPaymentPlan(input);
  const state = { status: plan.status as PlanStatus, paid: 0, attempts: 0 };
  setHandler(planChangedSignal, ({ status }) => {
    if (state.status !== 'cancelled') state.status = status;
  });
  setHandler(planStateQuery, () => ({ ...state }));
  if (state.status === 'cancelled') return 'cancelled';

  /** Sleeps until `at` (or until cancelled), then waits out any pause; false when cancelled. */
  const readyAt = async (at: number): Promise<boolean> => {
    const ms = at - Date.now();
    if (ms > 0) await condition(() => state.status === 'cancelled', ms);
    await condition(() => state.status !== 'paused');
    return state.status !== 'cancelled';
  };

  for (const due of plan.schedule) {
    if (due.status === 'paid') {
      state.paid += 1;
      continue;
    }
    if (due.status === 'cancelled') return 'cancelled';
    let failures = due.attempts;
    let nextAt = Date.parse(due.dueAt);
    for (;;) {
      if (!(await readyAt(nextAt))) return 'cancelled';
      const willRetry = failures < plan.retryDelaysSeconds.length;
      state.attempts += 1;
      const result = await chargeInstalment({ ...input, scheduleId: due.id, willRetry });
      if (result.outcome === 'paid') {
        state.paid += 1;
        break;
      }
      if (result.outcome === 'skipped') {
        // The database says paused or cancelled before our signal arrived: believe it and wait.
        state.status = result.planStatus as PlanStatus;
        if (state.status !== 'paused' && state.status !== 'active') return 'cancelled';
        continue;
      }
      if (!willRetry) {
        await finishPaymentPlan({ ...input, outcome: 'defaulted' });
        state.status = 'defaulted';
        return 'defaulted';
      }
      nextAt = Date.now() + plan.retryDelaysSeconds[failures]! * 1000;
      failures += 1;
    }
  }
  await finishPaymentPlan({ ...input, outcome: 'completed' });
  state.status = 'completed';
  return 'completed';
}
