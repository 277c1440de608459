import { type SQL, sql } from 'drizzle-orm';
import { documents, testRecords } from '../schema.ts';

/**
 * The last day a student's theory pass is valid, as one SQL expression (YYYY-MM-DD or null): the
 * latest of their theory certificates (a `documents` row: its expiry, or its issue date plus the
 * validity) and their passed theory tests (the test date plus the validity). The UK's validity is
 * two years (the school setting `theoryCertificateValidityMonths`).
 */
export function theoryValidUntilSql(opts: {
  tenantId: string;
  studentId: string;
  userId: string;
  validityMonths: number;
}): SQL<string | null> {
  const { tenantId, studentId, userId, validityMonths } = opts;
  const months = sql`make_interval(months => ${validityMonths}::int)`;
  return sql<string | null>`(select to_char(max(until), 'YYYY-MM-DD') from (
      select coalesce(d.expires_on, (d.issued_on + ${months})::date - 1) as until from ${documents} d
       where d.tenant_id = ${tenantId} and d.user_id = ${userId} and d.category = 'theory_certificate'
      union all
      select (t.test_on + ${months})::date - 1 from ${testRecords} t
       where t.tenant_id = ${tenantId} and t.student_id = ${studentId} and t.kind = 'theory' and t.status = 'passed'
    ) v)`;
}

/** A calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
