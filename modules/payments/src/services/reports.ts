import { type Tx, tenants } from '@dualcontrol/db';
import { requireCan } from '@dualcontrol/platform';
import { eq, sql } from 'drizzle-orm';
import { OFFICE_ONLY } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';

const zoneOf = async (tx: Tx, tenantId: string) =>
  (await tx.select({ tz: tenants.timezone }).from(tenants).where(eq(tenants.id, tenantId)))[0]!.tz;

const num = (v: unknown) => Number(v ?? 0);

/**
 * Money in by period (the school's calendar): payments received by card or by hand, less refunds
 * paid back to them. Spending credit is not revenue (the credit was revenue when bought).
 */
export async function revenueReport(
  tx: Tx,
  ctx: PaymentsContext,
  q: { from: string; to: string; period: 'day' | 'week' | 'month' },
) {
  requireCan(ctx.viewer, 'payments:reports:read', { detail: OFFICE_ONLY });
  const tz = await zoneOf(tx, ctx.tenantId);
  const rows = await tx.execute<{ period: string; received: string; refunded: string; payments: string }>(sql`
    with money as (
      select (p.succeeded_at at time zone ${tz}) as at, p.amount_minor as received, 0 as refunded, 1 as n
      from payments p
      where p.tenant_id = ${ctx.tenantId} and p.status = 'succeeded' and p.method <> 'credit'
      union all
      select (r.created_at at time zone ${tz}), 0, r.amount_minor, 0
      from refunds r join payments p on p.tenant_id = r.tenant_id and p.id = r.payment_id
      where r.tenant_id = ${ctx.tenantId} and r.status = 'succeeded' and r.destination = 'original'
        and p.method <> 'credit'
    )
    select to_char(date_trunc(${q.period}, at), 'YYYY-MM-DD') as period,
           sum(received) as received, sum(refunded) as refunded, sum(n) as payments
    from money
    where at::date between ${q.from}::date and ${q.to}::date
    group by 1 order by 1`);
  const periods = rows.map((r) => ({
    period: r.period,
    receivedMinor: num(r.received),
    refundedMinor: num(r.refunded),
    netMinor: num(r.received) - num(r.refunded),
    payments: num(r.payments),
  }));
  return {
    currency: ctx.currency,
    timezone: tz,
    period: q.period,
    from: q.from,
    to: q.to,
    periods,
    totalNetMinor: periods.reduce((s, p) => s + p.netMinor, 0),
  };
}

/** What students owe now: fees left due and instalments that failed or are being retried. */
export async function outstandingReport(tx: Tx, ctx: PaymentsContext) {
  requireCan(ctx.viewer, 'payments:reports:read', { detail: OFFICE_ONLY });
  const rows = await tx.execute<{ student_id: string; name: string; fees: string; instalments: string }>(sql`
    with owed as (
      select f.student_id, f.amount_minor as fees, 0 as instalments
      from cancellation_fees f where f.tenant_id = ${ctx.tenantId} and f.status = 'due'
      union all
      select pp.student_id, 0, ps.amount_minor
      from payment_schedules ps join payment_plans pp on pp.tenant_id = ps.tenant_id and pp.id = ps.plan_id
      where ps.tenant_id = ${ctx.tenantId} and ps.status in ('failed', 'retrying')
    )
    select o.student_id, u.name, sum(o.fees) as fees, sum(o.instalments) as instalments
    from owed o
    join students st on st.tenant_id = ${ctx.tenantId} and st.id = o.student_id
    join users u on u.tenant_id = st.tenant_id and u.id = st.user_id
    group by o.student_id, u.name
    order by sum(o.fees) + sum(o.instalments) desc, u.name`);
  const students = rows.map((r) => ({
    studentId: r.student_id,
    name: r.name,
    dueFeesMinor: num(r.fees),
    overdueInstalmentsMinor: num(r.instalments),
    totalMinor: num(r.fees) + num(r.instalments),
  }));
  return { currency: ctx.currency, students, totalMinor: students.reduce((s, x) => s + x.totalMinor, 0) };
}

/** Per package: how many sold, and what became of the credit (used, expired, still open). */
export async function packageUsageReport(tx: Tx, ctx: PaymentsContext) {
  requireCan(ctx.viewer, 'payments:reports:read', { detail: OFFICE_ONLY });
  const rows = await tx.execute<{
    id: string;
    name: string;
    sold: string;
    granted: string;
    used: string;
    expired: string;
  }>(sql`
    with lots as (
      select lot.package_id, lot.id, lot.amount_minor, lot.expires_at,
        coalesce((select -sum(d.amount_minor) from credit_ledger d
                  where d.tenant_id = lot.tenant_id and d.lot_id = lot.id and d.kind <> 'expiry'), 0) as used,
        coalesce((select -sum(d.amount_minor) from credit_ledger d
                  where d.tenant_id = lot.tenant_id and d.lot_id = lot.id and d.kind = 'expiry'), 0) as written_off
      from credit_ledger lot
      where lot.tenant_id = ${ctx.tenantId} and lot.kind = 'purchase' and lot.package_id is not null
    ),
    -- A lot past its date has expired whether or not its write-off has been recorded yet.
    settled as (
      select package_id, id, amount_minor, used,
        written_off + case when expires_at <= now() then amount_minor - used - written_off else 0 end as expired
      from lots
    )
    select lp.id, lp.name, count(l.id) as sold, coalesce(sum(l.amount_minor), 0) as granted,
           coalesce(sum(l.used), 0) as used, coalesce(sum(l.expired), 0) as expired
    from lesson_packages lp
    left join settled l on l.package_id = lp.id
    where lp.tenant_id = ${ctx.tenantId}
    group by lp.id, lp.name
    order by lp.name`);
  return {
    currency: ctx.currency,
    packages: rows.map((r) => ({
      packageId: r.id,
      name: r.name,
      sold: num(r.sold),
      creditGrantedMinor: num(r.granted),
      creditUsedMinor: num(r.used),
      creditExpiredMinor: num(r.expired),
      creditOpenMinor: num(r.granted) - num(r.used) - num(r.expired),
    })),
  };
}
