import { instructors, type Tx, tenants, users } from '@dualcontrol/db';
import { conflict, notFound, requireCan } from '@dualcontrol/platform';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { earningsRecords, payoutReports } from '../schema.ts';
import { OFFICE_ONLY } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import type { EarningsStatement } from './render-earnings.ts';

/** Dates are the school's calendar days (inclusive), so a lesson counts on the day it was taught there. */
const inPeriod = (tz: string, from: string, to: string) =>
  and(
    sql`(${earningsRecords.earnedAt} at time zone ${tz})::date >= ${from}::date`,
    sql`(${earningsRecords.earnedAt} at time zone ${tz})::date <= ${to}::date`,
  );

async function school(tx: Tx, tenantId: string) {
  const [row] = await tx
    .select({
      name: tenants.name,
      branding: tenants.branding,
      timezone: tenants.timezone,
      locale: tenants.locale,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return row!;
}

/** An instructor's earnings for a period: staff see anyone's, an instructor their own. */
export async function earningsStatement(
  tx: Tx,
  ctx: PaymentsContext,
  instructorId: string,
  period: { from: string; to: string },
): Promise<EarningsStatement> {
  requireCan(ctx.viewer, 'payments:earnings:read:own', {
    resource: { instructorId },
    refuse: () => notFound('payments.instructor_not_found', 'No such instructor.'),
  });
  const [instructor] = await tx
    .select({ name: users.name })
    .from(instructors)
    .innerJoin(users, and(eq(users.tenantId, instructors.tenantId), eq(users.id, instructors.userId)))
    .where(and(eq(instructors.tenantId, ctx.tenantId), eq(instructors.id, instructorId)));
  if (!instructor) throw notFound('payments.instructor_not_found', 'No such instructor.');
  const s = await school(tx, ctx.tenantId);
  const rows = await tx
    .select()
    .from(earningsRecords)
    .where(
      and(
        eq(earningsRecords.tenantId, ctx.tenantId),
        eq(earningsRecords.instructorId, instructorId),
        inPeriod(s.timezone, period.from, period.to),
      ),
    )
    .orderBy(asc(earningsRecords.earnedAt));
  return {
    instructorName: instructor.name,
    schoolName: s.name,
    ...(s.branding.primaryColor ? { primaryColor: s.branding.primaryColor } : {}),
    locale: s.locale,
    timezone: s.timezone,
    currency: ctx.currency,
    from: period.from,
    to: period.to,
    rows: rows.map((r) => ({
      earnedAt: r.earnedAt,
      bookingId: r.bookingId,
      lessonMinor: r.lessonMinor,
      commissionBps: r.commissionBps,
      earningsMinor: r.earningsMinor,
    })),
    totalLessonMinor: rows.reduce((sum, r) => sum + r.lessonMinor, 0),
    totalEarningsMinor: rows.reduce((sum, r) => sum + r.earningsMinor, 0),
  };
}

/**
 * Pays out what an instructor earned in a period and has not been paid: one payout report, and
 * each earnings record marked with it so it is never paid twice.
 */
export async function createPayout(
  tx: Tx,
  ctx: PaymentsContext,
  input: { instructorId: string; from: string; to: string },
) {
  requireCan(ctx.viewer, 'payments:payouts:create', { detail: OFFICE_ONLY });
  const [instructor] = await tx
    .select({ id: instructors.id })
    .from(instructors)
    .where(and(eq(instructors.tenantId, ctx.tenantId), eq(instructors.id, input.instructorId)));
  if (!instructor) throw notFound('payments.instructor_not_found', 'No such instructor.');
  const s = await school(tx, ctx.tenantId);
  const open = await tx
    .select()
    .from(earningsRecords)
    .where(
      and(
        eq(earningsRecords.tenantId, ctx.tenantId),
        eq(earningsRecords.instructorId, input.instructorId),
        isNull(earningsRecords.payoutReportId),
        inPeriod(s.timezone, input.from, input.to),
      ),
    )
    .for('update');
  if (open.length === 0) throw conflict('payments.nothing_to_pay_out', 'No unpaid earnings in that period.');
  const [report] = await tx
    .insert(payoutReports)
    .values({
      tenantId: ctx.tenantId,
      instructorId: input.instructorId,
      periodStart: input.from,
      periodEnd: input.to,
      lessons: open.length,
      totalMinor: open.reduce((sum, r) => sum + r.earningsMinor, 0),
      currency: ctx.currency,
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    })
    .returning();
  await tx
    .update(earningsRecords)
    .set({ payoutReportId: report!.id })
    .where(
      and(eq(earningsRecords.tenantId, ctx.tenantId), sql`${earningsRecords.id} in ${open.map((r) => r.id)}`),
    );
  return {
    id: report!.id,
    instructorId: report!.instructorId,
    from: report!.periodStart,
    to: report!.periodEnd,
    lessons: report!.lessons,
    totalMinor: report!.totalMinor,
    currency: report!.currency,
    createdAt: report!.createdAt.toISOString(),
  };
}
