import { defineEvents } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { BOOKING_STATUSES } from './schema.ts';

// Payloads are JSON: ids are UUIDs, instants ISO 8601 strings in UTC, money integer minor units.
const instant = z.iso.datetime();
const status = z.enum(BOOKING_STATUSES);

/** Who and when: every booking event starts with these. */
const bookingFields = {
  bookingId: z.uuid(),
  instructorId: z.uuid(),
  studentId: z.uuid(),
  start: instant,
  end: instant,
  status,
};

/** A booking request as the booking workflow starts from it (create-booking.ts). */
const requestFields = {
  ...bookingFields,
  confirmationTimeoutHours: z.number(),
  requirePayment: z.boolean(),
  paymentTimeoutMinutes: z.number().int(),
};

/** A move along the lifecycle (transition-booking.ts); a cancellation may carry its fee. */
const TransitionSchema = z.object({
  ...bookingFields,
  previousStatus: status,
  feeMinor: z.number().int().optional(),
  currency: z.string().optional(),
  reason: z.string().optional(),
  /**
   * A group session completed: the students whose seats were attended (the lead among them unless
   * marked a no-show). `studentId` stays the lead for the consumers that know one student per lesson.
   */
  seatStudentIds: z.array(z.uuid()).optional(),
});

/**
 * Everything scheduling emits, declared once: emitters and subscribers (here and in messaging, crm,
 * analytics) are typed from it. Payloads are exactly what was emitted before the catalog existed.
 */
export const schedulingEvents = defineEvents({
  'booking.requested': z.object(requestFields),
  // Two emitters: a confirm (a transition) and an instant confirmation, which repeats the request's
  // payload; only the fields both carry are required.
  'booking.confirmed': TransitionSchema.extend({
    previousStatus: status.optional(),
    confirmationTimeoutHours: requestFields.confirmationTimeoutHours.optional(),
    requirePayment: requestFields.requirePayment.optional(),
    paymentTimeoutMinutes: requestFields.paymentTimeoutMinutes.optional(),
  }),
  'booking.rejected': TransitionSchema,
  'booking.cancelled': TransitionSchema,
  'booking.expired': TransitionSchema,
  'booking.started': TransitionSchema,
  'booking.completed': TransitionSchema,
  'booking.no_show': TransitionSchema,
  'booking.rescheduled': z.object({ ...bookingFields, previousStart: instant }),
  /**
   * A student took a seat in a group session (group-seats.ts). `studentId` is the seat's student;
   * the booking's own payload fields (its lead student) are not repeated.
   */
  'booking.seat_taken': z.object({
    bookingId: z.uuid(),
    instructorId: z.uuid(),
    studentId: z.uuid(),
    start: instant,
    end: instant,
    priceMinor: z.number().int(),
    currency: z.string(),
  }),
  /**
   * A seat was given up (by its student, the instructor or the office) or the session was
   * cancelled as a whole (`reason: 'session_cancelled'`); the fee is what the school's tiers charge
   * this student alone, for payments to settle per seat.
   */
  'booking.seat_released': z.object({
    bookingId: z.uuid(),
    instructorId: z.uuid(),
    studentId: z.uuid(),
    start: instant,
    end: instant,
    feeMinor: z.number().int(),
    currency: z.string(),
    reason: z.string().optional(),
  }),
  /** The booking workflow asks payments to collect the lesson's price (activities.ts). */
  'booking.payment_due': z.object({
    bookingId: z.uuid(),
    studentId: z.uuid(),
    instructorId: z.uuid(),
    amountMinor: z.number().int(),
    currency: z.string(),
    dueBy: instant,
  }),
  /** A reminder recorded for these users, for messaging to deliver (activities.ts). */
  'booking.reminder_due': z.object({
    bookingId: z.uuid(),
    eventId: z.uuid(),
    minutesBefore: z.number().int(),
    start: instant,
    end: instant,
    remindAt: instant,
    userIds: z.array(z.uuid()),
  }),
  /** Freed time offered to a waiting student (waiting-list.ts). */
  'waiting_list.slot_offered': z.object({
    entryId: z.uuid(),
    studentId: z.uuid(),
    instructorId: z.uuid(),
    start: instant,
    durationMinutes: z.number().int(),
  }),
});

export type SchedulingEvents = typeof schedulingEvents;
