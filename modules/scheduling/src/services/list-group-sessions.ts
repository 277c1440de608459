import type { Tx } from '@dualcontrol/db';
import { can, forbidden, pageOf } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { bookingParticipants, bookings, lessonTypes } from '../schema.ts';
import type { Viewer } from './viewer.ts';

export type GroupSessionView = {
  bookingId: string;
  instructorId: string;
  lessonTypeId: string | null;
  title: string;
  start: string;
  end: string;
  status: 'pending' | 'confirmed';
  capacity: number;
  seatsLeft: number;
  priceMinor: number;
  currency: string;
  /** The caller holds a seat in it. */
  joined: boolean;
};

type Row = {
  id: string;
  instructor_id: string;
  lesson_type_id: string | null;
  title: string | null;
  starts_at: string;
  ends_at: string;
  status: 'pending' | 'confirmed';
  capacity: number;
  booked: number;
  price_minor: number;
  currency: string;
  joined: boolean;
};

/**
 * The school's open group sessions (not started, pending or confirmed) in start order, with the
 * seats left — what a student picks from to take a seat. Sessions that are full are left out
 * unless the caller is in them. Everyone who may book (students, instructors, the office) sees the
 * same list; who else sits in a session is not in it (seat-reads.ts says why). One statement.
 */
export async function listGroupSessions(
  tx: Tx,
  ctx: { tenantId: string; viewer: Viewer; now: Date },
  input: {
    from?: Date | undefined;
    to?: Date | undefined;
    instructorId?: string | undefined;
    lessonTypeId?: string | undefined;
    limit: number;
    after?: string | undefined;
  },
): Promise<{ data: GroupSessionView[]; nextCursor: string | null }> {
  const { tenantId, viewer } = ctx;
  if (
    !can(viewer, 'scheduling:booking:create:any') &&
    !viewer.permissions.has('scheduling:booking:create:own')
  )
    throw forbidden('Only the school’s students, instructors and office can see its group sessions.');
  const me = viewer.studentId ?? null;
  const rows = await tx.execute<Row>(sql`
    select b.id, b.instructor_id, b.lesson_type_id, t.name as title, b.starts_at, b.ends_at, b.status,
           b.capacity, b.price_minor, b.currency, seats.booked, seats.joined
      from ${bookings} b
      left join ${lessonTypes} t on t.tenant_id = b.tenant_id and t.id = b.lesson_type_id
      cross join lateral (
        select count(*)::int as booked, coalesce(bool_or(p.student_id = ${me}::uuid), false) as joined
          from ${bookingParticipants} p
         where p.tenant_id = b.tenant_id and p.booking_id = b.id and p.status = 'booked') seats
     where b.tenant_id = ${tenantId} and b.capacity > 1 and b.status in ('pending', 'confirmed')
       and b.starts_at > ${ctx.now.toISOString()}::timestamptz
       ${input.from ? sql`and b.starts_at >= ${input.from.toISOString()}::timestamptz` : sql``}
       and (seats.booked < b.capacity or seats.joined)
       ${input.to ? sql`and b.starts_at < ${input.to.toISOString()}::timestamptz` : sql``}
       ${input.instructorId ? sql`and b.instructor_id = ${input.instructorId}` : sql``}
       ${input.lessonTypeId ? sql`and b.lesson_type_id = ${input.lessonTypeId}` : sql``}
       ${
         input.after
           ? sql`and (b.starts_at, b.id) > (select a.starts_at, a.id from ${bookings} a
                                             where a.tenant_id = ${tenantId} and a.id = ${input.after})`
           : sql``
       }
     order by b.starts_at, b.id
     limit ${input.limit + 1}`);
  const page = pageOf([...rows], input.limit);
  return {
    data: page.data.map((r) => ({
      bookingId: r.id,
      instructorId: r.instructor_id,
      lessonTypeId: r.lesson_type_id,
      title: r.title ?? 'Group lesson',
      start: new Date(r.starts_at).toISOString(),
      end: new Date(r.ends_at).toISOString(),
      status: r.status,
      capacity: r.capacity,
      seatsLeft: Math.max(0, r.capacity - r.booked),
      priceMinor: r.price_minor,
      currency: r.currency,
      joined: r.joined,
    })),
    nextCursor: page.nextCursor,
  };
}
