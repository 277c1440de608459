import { AppError, conflict, notFound } from '@dualcontrol/platform';
import type { SchedulingPolicies } from '../settings.ts';
import type { StudentRefusal } from '../slots/index.ts';

export const slotTaken = () =>
  conflict('scheduling.slot_taken', 'That time is no longer free. Pick another slot.');

export const studentBusy = () =>
  conflict('scheduling.student_busy', 'The student already has a lesson at that time.');

export const vehicleBusy = () =>
  conflict('scheduling.vehicle_busy', 'That car is already booked at that time.');

const lessons = (n: number) => (n === 1 ? '1 lesson' : `${n} lessons`);

/**
 * The student's own limits (the school's policies) rule the time out, whatever the instructor's
 * diary says: `limit` names the policy and `value` its setting, so a client can say which.
 */
export function studentLimit(refusal: Exclude<StudentRefusal, 'overlap'>, policies: SchedulingPolicies) {
  const limits = {
    max_per_day: {
      limit: 'studentMaxPerDay',
      value: policies.studentMaxPerDay,
      detail: `The student already has ${lessons(policies.studentMaxPerDay)} that day, the most the school allows.`,
    },
    max_per_week: {
      limit: 'studentMaxPerWeek',
      value: policies.studentMaxPerWeek,
      detail: `The student already has ${lessons(policies.studentMaxPerWeek)} that week, the most the school allows.`,
    },
    minimum_gap: {
      limit: 'studentMinGapMinutes',
      value: policies.studentMinGapMinutes,
      detail: `The school asks for at least ${policies.studentMinGapMinutes} minutes between two of a student’s lessons.`,
    },
  } as const;
  const { limit, value, detail } = limits[refusal];
  return conflict('scheduling.student_limit', detail, { limit, value });
}

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
