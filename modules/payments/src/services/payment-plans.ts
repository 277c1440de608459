import type { Tx } from '@dualcontrol/db';
import { badRequest, can, conflict, emitEvent, requireCan } from '@dualcontrol/platform';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { paymentsEvents } from '../events.ts';
import {
  type PaymentPlan,
  type PaymentSchedule,
  paymentPlans,
  paymentSchedules,
  payments,
} from '../schema.ts';
import { savedCard } from './booking-payments.ts';
import { noteOutstandingChange } from './outstanding.ts';
import { methodNotFound, OFFICE_ONLY, planNotFound } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import { buyerOf } from './student-buyer.ts';

export type PlanInput = {
  studentId: string;
  description: string;
  paymentMethodId?: string | undefined;
  deposit?: { amountMinor: number; dueAt?: Date | undefined } | undefined;
  instalments: { amountMinor: number; dueAt: Date }[];
  retryDelaysSeconds?: number[] | undefined;
};

export type PlanView = {
  id: string;
  studentId: string;
  description: string;
  totalMinor: number;
  currency: string;
  status: PaymentPlan['status'];
  paymentMethodId: string;
  retryDelaysSeconds: number[];
  schedule: {
    id: string;
    seq: number;
    kind: 'deposit' | 'instalment';
    amountMinor: number;
    dueAt: string;
    status: PaymentSchedule['status'];
    attempts: number;
    lastError: string | null;
    paidAt: string | null;
  }[];
};

export const paymentPlanWorkflowId = (tenantId: string, planId: string) =>
  `payment-plan:${tenantId}:${planId}`;

function planView(plan: PaymentPlan, schedules: PaymentSchedule[]): PlanView {
  return {
    id: plan.id,
    studentId: plan.studentId,
    description: plan.description,
    totalMinor: plan.totalMinor,
    currency: plan.currency,
    status: plan.status,
    paymentMethodId: plan.paymentMethodId,
    retryDelaysSeconds: plan.retryDelaysSeconds,
    schedule: schedules.map((s) => ({
      id: s.id,
      seq: s.seq,
      kind: s.kind,
      amountMinor: s.amountMinor,
      dueAt: s.dueAt.toISOString(),
      status: s.status,
      attempts: s.attempts,
      lastError: s.lastError,
      paidAt: s.paidAt?.toISOString() ?? null,
    })),
  };
}

async function schedulesOf(tx: Tx, tenantId: string, planId: string) {
  return tx
    .select()
    .from(paymentSchedules)
    .where(and(eq(paymentSchedules.tenantId, tenantId), eq(paymentSchedules.planId, planId)))
    .orderBy(asc(paymentSchedules.seq));
}

export async function readPlan(tx: Tx, ctx: PaymentsContext, planId: string, opts: { lock?: boolean } = {}) {
  const query = tx
    .select()
    .from(paymentPlans)
    .where(and(eq(paymentPlans.tenantId, ctx.tenantId), eq(paymentPlans.id, planId)));
  const [plan] = opts.lock ? await query.for('update') : await query;
  if (!plan || !can(ctx.viewer, 'payments:plans:read:own', { studentId: plan.studentId }))
    throw planNotFound();
  return plan;
}

export async function viewPlan(tx: Tx, ctx: PaymentsContext, planId: string): Promise<PlanView> {
  const plan = await readPlan(tx, ctx, planId);
  return planView(plan, await schedulesOf(tx, ctx.tenantId, planId));
}

/**
 * A deposit and instalments charged to the student's saved card on their due dates by the payment
 * plan workflow (started from `payment_plan.created`).
 */
export async function createPlan(tx: Tx, ctx: PaymentsContext, input: PlanInput): Promise<PlanView> {
  requireCan(ctx.viewer, 'payments:plans:manage', { detail: OFFICE_ONLY });
  await buyerOf(tx, ctx.tenantId, input.studentId);
  const card = await savedCard(tx, ctx.tenantId, input.studentId, input.paymentMethodId);
  if (!card) throw methodNotFound();
  const dueDates = input.instalments.map((i) => i.dueAt.getTime());
  if (dueDates.some((d, i) => i > 0 && d <= dueDates[i - 1]!))
    throw badRequest('request.invalid', 'Instalments must fall due one after another.', [
      { path: 'body.instalments', message: 'due dates must be strictly increasing' },
    ]);
  const entries = [
    ...(input.deposit
      ? [
          {
            kind: 'deposit' as const,
            amountMinor: input.deposit.amountMinor,
            dueAt: input.deposit.dueAt ?? ctx.now,
          },
        ]
      : []),
    ...input.instalments.map((i) => ({ kind: 'instalment' as const, ...i })),
  ];
  if (
    input.deposit &&
    input.instalments[0] &&
    entries[0]!.dueAt.getTime() > input.instalments[0].dueAt.getTime()
  )
    throw badRequest('request.invalid', 'The deposit falls due before the first instalment.', [
      { path: 'body.deposit.dueAt', message: 'must not be after the first instalment' },
    ]);
  const [plan] = await tx
    .insert(paymentPlans)
    .values({
      tenantId: ctx.tenantId,
      studentId: input.studentId,
      paymentMethodId: card.id,
      description: input.description,
      totalMinor: entries.reduce((s, e) => s + e.amountMinor, 0),
      currency: ctx.currency,
      retryDelaysSeconds: input.retryDelaysSeconds ?? ctx.settings.planRetryDelaysSeconds,
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    })
    .returning();
  const schedules = await tx
    .insert(paymentSchedules)
    .values(entries.map((e, seq) => ({ tenantId: ctx.tenantId, planId: plan!.id, seq, ...e })))
    .returning();
  await emitEvent(tx, ctx.tenantId, paymentsEvents['payment_plan.created'], {
    planId: plan!.id,
    studentId: plan!.studentId,
    totalMinor: plan!.totalMinor,
    currency: plan!.currency,
  });
  return planView(
    plan!,
    schedules.sort((a, b) => a.seq - b.seq),
  );
}

const MOVES = {
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  cancel: { from: ['active', 'paused'], to: 'cancelled' },
} as const;

/** Pause, resume or cancel; the workflow hears of it through `payment_plan.changed`. */
export async function changePlan(
  tx: Tx,
  ctx: PaymentsContext,
  planId: string,
  action: keyof typeof MOVES,
): Promise<PlanView> {
  requireCan(ctx.viewer, 'payments:plans:manage', { detail: OFFICE_ONLY });
  const plan = await readPlan(tx, ctx, planId, { lock: true });
  const move = MOVES[action];
  if (!(move.from as readonly string[]).includes(plan.status))
    throw conflict('payments.plan_state', `A ${plan.status} plan cannot be ${action}d.`);
  const owedBefore = await tx
    .select({ id: paymentSchedules.id })
    .from(paymentSchedules)
    .where(
      and(
        eq(paymentSchedules.tenantId, ctx.tenantId),
        eq(paymentSchedules.planId, planId),
        eq(paymentSchedules.status, 'retrying'),
      ),
    );
  await tx
    .update(paymentPlans)
    .set({ status: move.to })
    .where(and(eq(paymentPlans.tenantId, ctx.tenantId), eq(paymentPlans.id, planId)));
  if (move.to === 'cancelled') {
    const stopped = await tx
      .update(paymentSchedules)
      .set({ status: 'cancelled' })
      .where(
        and(
          eq(paymentSchedules.tenantId, ctx.tenantId),
          eq(paymentSchedules.planId, planId),
          inArray(paymentSchedules.status, ['scheduled', 'retrying']),
        ),
      )
      .returning({ id: paymentSchedules.id, amountMinor: paymentSchedules.amountMinor });
    // An instalment being retried was owed; cancelling the plan lets it go.
    const retrying = new Set(owedBefore.map((s) => s.id));
    const letGo = stopped.filter((s) => retrying.has(s.id)).reduce((sum, s) => sum + s.amountMinor, 0);
    await noteOutstandingChange(tx, ctx.tenantId, {
      studentId: plan.studentId,
      changeMinor: -letGo,
      currency: plan.currency,
    });
  }
  await emitEvent(tx, ctx.tenantId, paymentsEvents['payment_plan.changed'], { planId, status: move.to });
  return viewPlan(tx, ctx, planId);
}

/** The pending payment of an instalment attempt, opened now or reused (same idempotency key on retry). */
export async function openInstalmentPayment(
  tx: Tx,
  ctx: PaymentsContext,
  plan: PaymentPlan,
  schedule: PaymentSchedule,
) {
  const [pending] = await tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, ctx.tenantId),
        eq(payments.scheduleId, schedule.id),
        eq(payments.status, 'pending'),
      ),
    );
  if (pending) return pending;
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId: ctx.tenantId,
      studentId: plan.studentId,
      scheduleId: schedule.id,
      purpose: 'instalment',
      method: 'card',
      status: 'pending',
      amountMinor: schedule.amountMinor,
      currency: plan.currency,
      paymentMethodId: plan.paymentMethodId,
      description: `${plan.description} — ${schedule.kind === 'deposit' ? 'deposit' : `instalment ${schedule.seq}`}`,
    })
    .returning();
  return payment!;
}
