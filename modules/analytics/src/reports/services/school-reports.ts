import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import type { ReportContext } from '../report-context.ts';
import { percent, type Report } from '../report-shape.ts';
import { factSeries } from './fact-series.ts';
import { base } from './lesson-reports.ts';

/** What students owed at the end of the day before the range: the facts' changes up to it. */
async function outstandingBefore(tx: Tx, ctx: ReportContext): Promise<number> {
  const [row] = await tx.execute<{ owed: number }>(sql`
    select coalesce(sum(outstanding_change_minor), 0)::int as owed
      from analytics_school_days where tenant_id = ${ctx.tenantId} and day < ${ctx.from}::date`);
  return Number(row?.owed ?? 0);
}

/**
 * Money received and refunded per period (the day it moved, on the school's calendar), and what
 * students owed at the end of each period (fees left due, instalments failed or being retried),
 * kept by the facts from payments' `payment.outstanding_changed`: the sum of its changes up to then.
 */
export async function revenueReport(tx: Tx, ctx: ReportContext): Promise<Report> {
  const [series, opening] = await Promise.all([
    factSeries(tx, ctx, ['revenue_minor', 'refunded_minor', 'outstanding_change_minor'] as const, {
      instructorScoped: false,
    }),
    outstandingBefore(tx, ctx),
  ]);
  let owed = opening;
  return {
    report: 'revenue',
    title: 'Revenue',
    ...base(ctx),
    columns: [
      { key: 'period', label: 'Period', kind: 'text' },
      { key: 'receivedMinor', label: 'Received', kind: 'minor' },
      { key: 'refundedMinor', label: 'Refunded', kind: 'minor' },
      { key: 'netMinor', label: 'Net', kind: 'minor' },
      { key: 'outstandingMinor', label: 'Outstanding at end', kind: 'minor' },
    ],
    rows: series.map((r) => {
      owed += r.outstanding_change_minor;
      return {
        period: r.period,
        receivedMinor: r.revenue_minor,
        refundedMinor: r.refunded_minor,
        netMinor: r.revenue_minor - r.refunded_minor,
        outstandingMinor: owed,
      };
    }),
    chart: { label: 'period', series: ['netMinor', 'outstandingMinor'] },
    reference: null,
    note: 'Payments that succeeded less refunds, by the day the money moved; outstanding is what students owed at the end of the period (late-cancellation fees left due, instalments failed or being retried), counted from when analytics was on.',
  };
}

/** The CRM pipeline's default stages, in order (a school's own stages follow, as they appear). */
export const FUNNEL_STAGES = [
  'enquiry',
  'contacted',
  'trial_lesson',
  'active_learner',
  'test_booked',
  'passed',
  'alumni',
  'lost',
] as const;

/**
 * Contacts reaching each pipeline stage in the range (from CRM's stage events, by type string:
 * analytics does not import CRM), and each stage as a share of the range's new enquiries.
 */
export async function enquiryFunnelReport(tx: Tx, ctx: ReportContext): Promise<Report> {
  const local = sql`(occurred_at at time zone ${ctx.timezone})::date between ${ctx.from}::date and ${ctx.to}::date`;
  const counts = await tx.execute<{ stage: string; contacts: number }>(sql`
    select 'enquiry' as stage, count(distinct entity_id)::int as contacts
      from analytics_events
     where tenant_id = ${ctx.tenantId} and type = 'crm.contact_created' and ${local}
    union all
    select properties ->> 'to', count(distinct properties ->> 'contactId')::int
      from analytics_events
     where tenant_id = ${ctx.tenantId} and type = 'crm.contact_stage_changed' and ${local}
       and properties ->> 'to' <> 'enquiry'
     group by properties ->> 'to'`);
  const byStage = new Map(counts.map((c) => [c.stage, c.contacts]));
  const enquiries = byStage.get('enquiry') ?? 0;
  const stages = [
    ...FUNNEL_STAGES,
    ...[...byStage.keys()].filter((s) => !(FUNNEL_STAGES as readonly string[]).includes(s)),
  ];
  return {
    report: 'enquiry-funnel',
    title: 'Enquiry funnel',
    ...base(ctx),
    columns: [
      { key: 'stage', label: 'Stage', kind: 'text' },
      { key: 'contacts', label: 'Contacts', kind: 'count' },
      { key: 'conversion', label: 'Of enquiries %', kind: 'percent' },
    ],
    rows: stages.map((stage) => {
      const contacts = byStage.get(stage) ?? 0;
      return { stage: stage.replaceAll('_', ' '), contacts, conversion: percent(contacts, enquiries) };
    }),
    chart: { label: 'stage', series: ['contacts'] },
    reference: null,
    note: 'New enquiries in the range, and the contacts that moved into each stage in the range.',
  };
}

const RETENTION_MONTHS = 6;

/**
 * Students grouped by the month of their first lesson (cohorts starting in the range), and the
 * share of each cohort taught at least once in each following month.
 */
export async function cohortRetentionReport(tx: Tx, ctx: ReportContext): Promise<Report> {
  const months = Array.from({ length: RETENTION_MONTHS }, (_, k) => k);
  const shares = sql.join(
    months.map(
      (k) =>
        sql`count(distinct a.student) filter (where a.month = (f.cohort + make_interval(months => ${k}))::date)::int as ${sql.identifier(`m${k}`)}`,
    ),
    sql`, `,
  );
  const rows = await tx.execute<Record<string, number | string>>(sql`
    with lessons as (
      select st.student,
             date_trunc('month', ((e.properties ->> 'start')::timestamptz at time zone ${ctx.timezone}))::date as month
        from analytics_events e
       -- A group session: every seat holder who attended it; else the lesson's student.
       cross join lateral jsonb_array_elements_text(
               coalesce(e.properties -> 'seatStudentIds', jsonb_build_array(e.properties -> 'studentId'))
             ) as st(student)
       where e.tenant_id = ${ctx.tenantId} and e.type = 'booking.completed'
         and (e.properties ? 'studentId' or e.properties ? 'seatStudentIds')
    ),
    firsts as (select student, min(month) as cohort from lessons group by student),
    active as (select distinct student, month from lessons)
    select to_char(f.cohort, 'YYYY-MM') as cohort, count(distinct f.student)::int as students, ${shares}
      from firsts f join active a on a.student = f.student
     where f.cohort between date_trunc('month', ${ctx.from}::date::timestamp)::date and ${ctx.to}::date
     group by f.cohort order by f.cohort`);
  return {
    report: 'cohort-retention',
    title: 'Cohort retention by start month',
    ...base(ctx),
    period: 'month',
    columns: [
      { key: 'cohort', label: 'First lesson in', kind: 'text' },
      { key: 'students', label: 'Students', kind: 'count' },
      ...months.map((k) => ({
        key: `month${k}`,
        label: k === 0 ? 'Month 0 %' : `Month +${k} %`,
        kind: 'percent' as const,
      })),
    ],
    rows: rows.map((r) => {
      const students = Number(r.students);
      const row: Record<string, string | number | null> = { cohort: r.cohort as string, students };
      for (const k of months) row[`month${k}`] = percent(Number(r[`m${k}`]), students);
      return row;
    }),
    chart: { label: 'cohort', series: ['month1', 'month3'] },
    reference: null,
    note: 'A student belongs to the month of their first lesson; a month counts when they were taught at least once in it.',
  };
}
