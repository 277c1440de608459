import type { Tx } from '@dualcontrol/db';
import { badRequest, requireCan } from '@dualcontrol/platform';
import type { LedgerKind } from '../schema.ts';
import {
  availableCredit,
  grantCredit,
  ledgerEntries,
  lockCredit,
  recordExpiries,
  spendCredit,
} from './credit-ledger.ts';
import { OFFICE_ONLY, studentNotFound } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import { buyerOf } from './student-buyer.ts';

export type CreditView = {
  studentId: string;
  balanceMinor: number;
  currency: string;
  entries: {
    id: string;
    kind: LedgerKind;
    amountMinor: number;
    expiresAt: string | null;
    reason: string | null;
    bookingId: string | null;
    paymentId: string | null;
    packageId: string | null;
    createdAt: string;
  }[];
};

async function visibleStudent(tx: Tx, ctx: PaymentsContext, studentId: string) {
  requireCan(ctx.viewer, 'payments:credit:read:own', { resource: { studentId }, refuse: studentNotFound });
  await buyerOf(tx, ctx.tenantId, studentId);
}

/** The student's usable balance and ledger (their own, or any student's for staff). */
export async function readCredit(tx: Tx, ctx: PaymentsContext, studentId: string): Promise<CreditView> {
  await visibleStudent(tx, ctx, studentId);
  const [balanceMinor, entries] = await Promise.all([
    availableCredit(tx, ctx.tenantId, studentId, ctx.now),
    ledgerEntries(tx, ctx.tenantId, studentId),
  ]);
  return {
    studentId,
    balanceMinor,
    currency: ctx.currency,
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountMinor: e.amountMinor,
      expiresAt: e.expiresAt?.toISOString() ?? null,
      reason: e.reason,
      bookingId: e.bookingId,
      paymentId: e.paymentId,
      packageId: e.packageId,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

/** A manual correction by staff (goodwill credit, or taking back credit given by mistake); always with a reason. */
export async function adjustCredit(
  tx: Tx,
  ctx: PaymentsContext,
  studentId: string,
  input: { amountMinor: number; reason: string; expiresAt?: Date | undefined },
): Promise<CreditView> {
  requireCan(ctx.viewer, 'payments:credit:adjust', { detail: OFFICE_ONLY });
  await visibleStudent(tx, ctx, studentId);
  if (input.amountMinor === 0)
    throw badRequest('request.invalid', 'An adjustment must change the balance.', [
      { path: 'body.amountMinor', message: 'must not be 0' },
    ]);
  await lockCredit(tx, ctx.tenantId, studentId);
  const createdBy = ctx.actor.kind === 'user' ? ctx.actor.id : undefined;
  if (input.amountMinor > 0) {
    await recordExpiries(tx, ctx.tenantId, studentId, ctx.currency, ctx.now);
    await grantCredit(tx, {
      tenantId: ctx.tenantId,
      studentId,
      kind: 'adjustment',
      amountMinor: input.amountMinor,
      currency: ctx.currency,
      expiresAt: input.expiresAt ?? null,
      reason: input.reason,
      createdBy,
      now: ctx.now,
    });
  } else {
    await spendCredit(tx, {
      tenantId: ctx.tenantId,
      studentId,
      kind: 'adjustment',
      amountMinor: -input.amountMinor,
      currency: ctx.currency,
      now: ctx.now,
      reason: input.reason,
      createdBy,
    });
  }
  return readCredit(tx, ctx, studentId);
}
