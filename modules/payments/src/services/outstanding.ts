import type { Tx } from '@dualcontrol/db';
import { emitEvent } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { paymentsEvents } from '../events.ts';
import { studentFilter } from './credit-balances.ts';

/** What one student owes the school now, as the finances page's outstanding report counts it. */
export type OutstandingAmount = {
  studentId: string;
  /** Late-cancellation fees left due (not taken from credit or a card, not waived). */
  dueFeesMinor: number;
  /** Instalments of payment plans that failed or are being retried. */
  overdueInstalmentsMinor: number;
  totalMinor: number;
  currency: string;
};

/**
 * What students owe (every student who owes something, or only `studentIds`), for modules that
 * depend on payments. Invoices are issued for money received, so an invoice is never unpaid here.
 */
export async function outstandingAmounts(
  tx: Tx,
  tenantId: string,
  opts: { studentIds?: readonly string[] } = {},
): Promise<OutstandingAmount[]> {
  if (opts.studentIds?.length === 0) return [];
  const rows = await tx.execute<{
    student_id: string;
    currency: string;
    fees: string;
    instalments: string;
  }>(sql`
    with owed as (
      select f.student_id, f.currency, f.amount_minor as fees, 0 as instalments
        from cancellation_fees f
       where f.tenant_id = ${tenantId} and f.status = 'due' ${studentFilter(sql`f.student_id`, opts.studentIds)}
      union all
      select pp.student_id, pp.currency, 0, ps.amount_minor
        from payment_schedules ps
        join payment_plans pp on pp.tenant_id = ps.tenant_id and pp.id = ps.plan_id
       where ps.tenant_id = ${tenantId} and ps.status in ('failed', 'retrying')
         ${studentFilter(sql`pp.student_id`, opts.studentIds)}
    )
    select student_id, currency, sum(fees) as fees, sum(instalments) as instalments
      from owed group by student_id, currency order by student_id`);
  return rows.map((r) => ({
    studentId: r.student_id,
    currency: r.currency,
    dueFeesMinor: Number(r.fees),
    overdueInstalmentsMinor: Number(r.instalments),
    totalMinor: Number(r.fees) + Number(r.instalments),
  }));
}

/**
 * Tells the other modules that what a student owes moved by `changeMinor` (a fee left due, paid
 * or waived; an instalment failed, paid or cancelled), in the transaction of the change. Called
 * where the status moves, with the amount that entered or left "owed": the events' changes add up
 * to the outstanding total, so analytics can keep it as a daily read model.
 */
export async function noteOutstandingChange(
  tx: Tx,
  tenantId: string,
  change: { studentId: string; changeMinor: number; currency: string },
): Promise<void> {
  if (change.changeMinor === 0) return;
  const [now] = await outstandingAmounts(tx, tenantId, { studentIds: [change.studentId] });
  await emitEvent(tx, tenantId, paymentsEvents['payment.outstanding_changed'], {
    studentId: change.studentId,
    changeMinor: change.changeMinor,
    outstandingMinor: now?.totalMinor ?? 0,
    currency: change.currency,
  });
}
