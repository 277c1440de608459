import { pgErrorCode, type Tx } from '@dualcontrol/db';
import { AppError, conflict, forbidden } from '@dualcontrol/platform';
import { and, avg, count, desc, eq } from 'drizzle-orm';
import { bookings, instructorReviews } from '../schema.ts';
import { requireInstructor } from './people-lookup.ts';
import { bookingNotFound } from './scheduling-errors.ts';
import { canSeeBooking, type Viewer } from './viewer.ts';

export type ReviewView = {
  id: string;
  bookingId: string;
  rating: number;
  comment: string | null;
  createdAt: string;
};

/** A student reviews the instructor of one of their own completed lessons, once. */
export async function reviewLesson(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  input: { bookingId: string; rating: number; comment?: string | undefined },
): Promise<ReviewView> {
  const [booking] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, input.bookingId)));
  if (!booking || !canSeeBooking(viewer, booking)) throw bookingNotFound();
  if (booking.studentId !== viewer.studentId)
    throw forbidden('Only the student of the lesson can review it.');
  if (booking.status !== 'completed') {
    throw new AppError('scheduling.not_completed', {
      status: 409,
      title: 'Conflict',
      detail: 'Lessons can be reviewed once they are completed.',
    });
  }
  try {
    const [row] = await tx.transaction((sp) =>
      sp
        .insert(instructorReviews)
        .values({
          tenantId,
          instructorId: booking.instructorId,
          studentId: booking.studentId,
          bookingId: booking.id,
          rating: input.rating,
          comment: input.comment ?? null,
        })
        .returning(),
    );
    return view(row!);
  } catch (error) {
    if (pgErrorCode(error) === '23505')
      throw conflict('scheduling.already_reviewed', 'This lesson has been reviewed already.');
    throw error;
  }
}

export async function listReviews(tx: Tx, tenantId: string, instructorId: string) {
  await requireInstructor(tx, tenantId, instructorId);
  const where = and(
    eq(instructorReviews.tenantId, tenantId),
    eq(instructorReviews.instructorId, instructorId),
  );
  const [rows, [summary]] = await Promise.all([
    tx.select().from(instructorReviews).where(where).orderBy(desc(instructorReviews.createdAt)).limit(50),
    tx
      .select({ n: count(), average: avg(instructorReviews.rating) })
      .from(instructorReviews)
      .where(where),
  ]);
  return {
    count: Number(summary?.n ?? 0),
    averageRating:
      summary?.average === null || summary?.average === undefined
        ? null
        : Math.round(Number(summary.average) * 10) / 10,
    data: rows.map(view),
  };
}

const view = (r: typeof instructorReviews.$inferSelect): ReviewView => ({
  id: r.id,
  bookingId: r.bookingId,
  rating: r.rating,
  comment: r.comment,
  createdAt: r.createdAt.toISOString(),
});
