import { AppError, conflict, notFound } from '@dualcontrol/platform';

export const slotTaken = () =>
  conflict('scheduling.slot_taken', 'That time is no longer free. Pick another slot.');

export const outsideAvailability = (detail = 'That time is outside the instructor’s bookable hours.') =>
  conflict('scheduling.outside_availability', detail);

export const bookingNotFound = () => notFound('scheduling.booking_not_found', 'No such booking.');
export const instructorNotFound = () =>
  notFound('scheduling.instructor_not_found', 'No such instructor at this school.');
export const studentNotFound = () =>
  notFound('scheduling.student_not_found', 'No such student at this school.');

export const invalidTransition = (from: string, action: string) =>
  new AppError('scheduling.invalid_transition', {
    status: 409,
    title: 'Conflict',
    detail: `A ${from} booking cannot be ${action}.`,
    extra: { currentStatus: from },
  });
