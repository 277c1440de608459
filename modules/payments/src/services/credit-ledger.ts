import type { Tx } from '@dualcontrol/db';
import { emitEvent } from '@dualcontrol/platform';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { paymentsEvents } from '../events.ts';
import { creditLedger, type LedgerKind } from '../schema.ts';
import { insufficientCredit } from './payment-errors.ts';

type Lot = { id: string; remainingMinor: number; expiresAt: Date | null };

/**
 * Serialises every credit movement of one student (an advisory lock for the transaction), so two
 * concurrent spends cannot both see the same balance.
 */
export async function lockCredit(tx: Tx, tenantId: string, studentId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`credit:${tenantId}:${studentId}`}, 0))`,
  );
}

/** Positive entries with what is left of them: the oldest-expiring first, then the oldest. */
async function openLots(tx: Tx, tenantId: string, studentId: string): Promise<Lot[]> {
  const rows = await tx.execute<{ id: string; remaining: string; expires_at: string | null }>(sql`
    select l.id, l.amount_minor + coalesce(sum(d.amount_minor), 0) as remaining, l.expires_at
    from credit_ledger l
    left join credit_ledger d on d.tenant_id = l.tenant_id and d.lot_id = l.id
    where l.tenant_id = ${tenantId} and l.student_id = ${studentId} and l.lot_id is null
    group by l.tenant_id, l.id
    having l.amount_minor + coalesce(sum(d.amount_minor), 0) > 0
    order by l.expires_at asc nulls last, l.created_at asc, l.id asc`);
  return rows.map((r) => ({
    id: r.id,
    remainingMinor: Number(r.remaining),
    expiresAt: r.expires_at ? new Date(r.expires_at) : null,
  }));
}

const usable = (lot: Lot, now: Date) => lot.expiresAt === null || lot.expiresAt.getTime() > now.getTime();

/** Credit the student can spend now (expired lots no longer count, recorded or not). */
export async function availableCredit(
  tx: Tx,
  tenantId: string,
  studentId: string,
  now: Date,
): Promise<number> {
  const lots = await openLots(tx, tenantId, studentId);
  return lots.filter((l) => usable(l, now)).reduce((sum, l) => sum + l.remainingMinor, 0);
}

type Links = {
  packageId?: string | undefined;
  paymentId?: string | undefined;
  refundId?: string | undefined;
  bookingId?: string | undefined;
  reason?: string | undefined;
  createdBy?: string | undefined;
};

/**
 * Writes an expiry entry for what is left of every lot past its date, so the ledger's sum matches
 * the usable balance. Call with the student's credit locked; repeats write nothing new.
 */
export async function recordExpiries(
  tx: Tx,
  tenantId: string,
  studentId: string,
  currency: string,
  now: Date,
) {
  const expired = (await openLots(tx, tenantId, studentId)).filter((l) => !usable(l, now));
  if (expired.length === 0) return;
  await tx.insert(creditLedger).values(
    expired.map((lot) => ({
      tenantId,
      studentId,
      kind: 'expiry' as const,
      amountMinor: -lot.remainingMinor,
      currency,
      lotId: lot.id,
      reason: 'credit expired',
    })),
  );
}

/** `credit.balance_changed`, in the movement's transaction (crm's "credit running low" reads it). */
async function emitBalanceChanged(
  tx: Tx,
  move: { tenantId: string; studentId: string; kind: LedgerKind; currency: string },
  previousMinor: number,
  balanceMinor: number,
) {
  await emitEvent(tx, move.tenantId, paymentsEvents['credit.balance_changed'], {
    studentId: move.studentId,
    kind: move.kind,
    previousMinor,
    balanceMinor,
    changeMinor: balanceMinor - previousMinor,
    currency: move.currency,
  });
}

/** Adds a lot of credit (a purchase, a refund to credit, a goodwill adjustment). */
export async function grantCredit(
  tx: Tx,
  grant: {
    tenantId: string;
    studentId: string;
    kind: Extract<LedgerKind, 'purchase' | 'refund' | 'adjustment'>;
    amountMinor: number;
    currency: string;
    expiresAt?: Date | null;
    /** The clock the balance is read at (expired lots do not count); default: now. */
    now?: Date;
  } & Links,
) {
  const { now = new Date(), ...entry } = grant;
  const previous = await availableCredit(tx, entry.tenantId, entry.studentId, now);
  const [row] = await tx
    .insert(creditLedger)
    .values({ ...entry, expiresAt: entry.expiresAt ?? null })
    .returning();
  const expired = entry.expiresAt && entry.expiresAt.getTime() <= now.getTime();
  await emitBalanceChanged(tx, entry, previous, previous + (expired ? 0 : entry.amountMinor));
  return row!;
}

/**
 * Spends credit from the lots that expire soonest, one ledger entry per lot drawn. Refuses (409)
 * when the usable balance is short; nothing is written then. Call with the student's credit locked.
 */
export async function spendCredit(
  tx: Tx,
  spend: {
    tenantId: string;
    studentId: string;
    kind: Extract<LedgerKind, 'use' | 'adjustment'>;
    amountMinor: number;
    currency: string;
    now: Date;
  } & Links,
) {
  const { tenantId, studentId, amountMinor, currency, now, kind, ...links } = spend;
  await recordExpiries(tx, tenantId, studentId, currency, now);
  const lots = (await openLots(tx, tenantId, studentId)).filter((l) => usable(l, now));
  const available = lots.reduce((sum, l) => sum + l.remainingMinor, 0);
  if (available < amountMinor) throw insufficientCredit(available, amountMinor, currency);
  let left = amountMinor;
  const draws = [];
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remainingMinor);
    draws.push({ tenantId, studentId, kind, amountMinor: -take, currency, lotId: lot.id, ...links });
    left -= take;
  }
  await tx.insert(creditLedger).values(draws);
  await emitBalanceChanged(tx, spend, available, available - amountMinor);
}

/** The student's ledger, newest first. */
export async function ledgerEntries(tx: Tx, tenantId: string, studentId: string, limit = 100) {
  return tx
    .select()
    .from(creditLedger)
    .where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.studentId, studentId)))
    .orderBy(desc(creditLedger.createdAt), asc(creditLedger.id))
    .limit(limit);
}
