import type { Tx } from '@dualcontrol/db';
import { type SQL, sql } from 'drizzle-orm';

/** A student's usable prepaid credit (money, as the ledger keeps it) and when the next of it expires. */
export type CreditBalance = {
  studentId: string;
  balanceMinor: number;
  currency: string;
  /** The soonest expiry of credit still usable, or null when none of it expires. */
  nextExpiryAt: string | null;
};

/** `and student_id in (…)` for a list of students, or nothing for every student. */
export function studentFilter(column: SQL, studentIds: readonly string[] | undefined): SQL {
  if (!studentIds) return sql``;
  return sql`and ${column} in (${sql.join(
    studentIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/**
 * The usable credit of the school's students (or of `studentIds`), for modules that depend on
 * payments: what `GET /students/{id}/credit` shows, for many students in one statement. A balance
 * is what is left of each lot (a purchase, a refund to credit, a positive adjustment) not yet past
 * its date, exactly as credit-ledger.ts spends it. Students who never had credit are not listed.
 */
export async function creditBalances(
  tx: Tx,
  tenantId: string,
  opts: { studentIds?: readonly string[]; now?: Date } = {},
): Promise<CreditBalance[]> {
  if (opts.studentIds?.length === 0) return [];
  const now = (opts.now ?? new Date()).toISOString();
  const rows = await tx.execute<{
    student_id: string;
    currency: string;
    balance: string | null;
    next_expiry: string | null;
  }>(sql`
    with lots as (
      select l.student_id, l.currency, l.expires_at,
             l.amount_minor + coalesce((select sum(d.amount_minor) from credit_ledger d
                                         where d.tenant_id = l.tenant_id and d.lot_id = l.id), 0) as remaining
        from credit_ledger l
       where l.tenant_id = ${tenantId} and l.lot_id is null ${studentFilter(sql`l.student_id`, opts.studentIds)}
    ),
    usable as (
      select * from lots where remaining > 0 and (expires_at is null or expires_at > ${now}::timestamptz)
    )
    select s.student_id, s.currency, sum(u.remaining) as balance, min(u.expires_at) as next_expiry
      from (select distinct student_id, currency from lots) s
      left join usable u on u.student_id = s.student_id and u.currency = s.currency
     group by s.student_id, s.currency
     order by s.student_id`);
  return rows.map((r) => ({
    studentId: r.student_id,
    currency: r.currency,
    balanceMinor: Number(r.balance ?? 0),
    nextExpiryAt: r.next_expiry ? new Date(r.next_expiry).toISOString() : null,
  }));
}
