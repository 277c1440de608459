import { AppError, conflict, notFound } from '@dualcontrol/platform';

export const slotTaken = () =>
  conflict('scheduling.slot_taken', 'That time is no longer free. Pick another slot.');

export const outsideAvailability = (detail = 'That time is outside the instructor’s bookable hours.') =>
  conflict('scheduling.outside_availability', detail);

export const bookingNotFound = () => notFound('scheduling.booking_not_found', 'No such booking.');
/** `field`: where the request named the id (`body.instructorId`), when it came from the caller's input. */
const missing = (code: string, detail: string, field: string | undefined) =>
  field
    ? new AppError(code, {
        status: 404,
        title: 'Not found',
        detail,
        fields: [{ path: field, message: 'not found' }],
      })
    : notFound(code, detail);

export const instructorNotFound = (field?: string) =>
  missing('scheduling.instructor_not_found', 'No such instructor at this school.', field);
export const studentNotFound = (field?: string) =>
  missing('scheduling.student_not_found', 'No such student at this school.', field);

export const invalidTransition = (from: string, action: string) =>
  new AppError('scheduling.invalid_transition', {
    status: 409,
    title: 'Conflict',
    detail: `A ${from} booking cannot be ${action}.`,
    extra: { currentStatus: from },
  });
