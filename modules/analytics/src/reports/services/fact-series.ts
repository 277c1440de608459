import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import type { ReportContext } from '../report-context.ts';
import { bucketLabel, bucketOf, bucketsSql } from './period-buckets.ts';

/**
 * Sums of fact columns per period of the range, every period present (zeros where nothing
 * happened). From the instructor's days when the caller sees only their own figures, else the
 * school's. One indexed range scan of a read model: a year of days is 365 rows per school.
 */
export async function factSeries<K extends string>(
  tx: Tx,
  ctx: ReportContext,
  columns: readonly K[],
  opts: { instructorScoped: boolean },
): Promise<({ period: string } & Record<K, number>)[]> {
  const mine = opts.instructorScoped && ctx.ownInstructorId;
  const table = mine ? sql`analytics_instructor_days` : sql`analytics_school_days`;
  const only = mine ? sql`and instructor_id = ${ctx.ownInstructorId}` : sql``;
  const sums = sql.join(
    columns.map((c) => sql`coalesce(sum(f.${sql.identifier(c)}), 0)::int as ${sql.identifier(c)}`),
    sql`, `,
  );
  const rows = await tx.execute<Record<string, number | string>>(sql`
    with buckets as (${bucketsSql(ctx.period, ctx.from, ctx.to)}),
    f as (
      select ${bucketOf(ctx.period)} as bucket, * from ${table}
       where tenant_id = ${ctx.tenantId} and day between ${ctx.from}::date and ${ctx.to}::date ${only}
    )
    select to_char(b.bucket, 'YYYY-MM-DD') as bucket, ${sums}
      from buckets b left join f on f.bucket = b.bucket
     group by b.bucket order by b.bucket`);
  return rows.map((r) => {
    const out: Record<string, number | string> = { period: bucketLabel(ctx.period, r.bucket as string) };
    for (const c of columns) out[c] = Number(r[c]);
    return out as { period: string } & Record<K, number>;
  });
}
