import { pgErrorCode } from '@dualcontrol/db';
import { type AppError, notFound } from '@dualcontrol/platform';
import { slotTaken, studentBusy, vehicleBusy } from './scheduling-errors.ts';

/** Each exclusion constraint on bookings is a different party being busy, with its own answer. */
const EXCLUSION_ERRORS: Record<string, () => AppError> = {
  bookings_instructor_no_overlap: slotTaken,
  bookings_student_no_overlap: studentBusy,
  bookings_vehicle_no_overlap: vehicleBusy,
};

function constraintOf(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const name = (e as { constraint_name?: unknown }).constraint_name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/**
 * What a failed write of a booking's time (a new booking, or one moved) means to the caller. The
 * checks before the write see only what was committed when they ran; PostgreSQL's constraints decide
 * the races that remain, and this is the one place their errors become answers. Anything else is
 * returned as it came.
 */
export function bookingWriteError(error: unknown): unknown {
  switch (pgErrorCode(error)) {
    case '23P01':
      return (EXCLUSION_ERRORS[constraintOf(error) ?? ''] ?? slotTaken)();
    // Two writes checking each other's conflicting row can deadlock inside the exclusion check;
    // PostgreSQL aborts one of them and the other commits, so the aborted one lost the race.
    case '40P01':
      return slotTaken();
    case '23503':
      return notFound(
        'scheduling.reference_not_found',
        'A referenced vehicle or location does not exist here.',
      );
    default:
      return error;
  }
}
