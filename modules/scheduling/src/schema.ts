import {
  createdAt,
  idColumn,
  instructors,
  sameTenant,
  students,
  tenantIdColumn,
  tenantIsolationPolicy,
  ts,
  updatedAt,
  users,
} from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Scheduling tables. Every one is a tenant table (RLS via tenantIsolationPolicy; FORCE, grants
 * and the audit trigger come from dc_secure_tenant_tables) with composite keys into its tenant.
 * The no-double-booking exclusion constraints on `bookings` are in a custom migration
 * (drizzle-kit cannot emit EXCLUDE).
 */

export const BOOKING_STATUSES = [
  'pending',
  'confirmed',
  'in_progress',
  'completed',
  'rejected',
  'cancelled',
  'expired',
  'no_show',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Statuses that hold the time: only these take part in the exclusion constraints. */
export const ACTIVE_STATUSES = ['pending', 'confirmed', 'in_progress'] as const;

export const TRANSMISSIONS = ['manual', 'automatic'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const instructorSpecialties = pgTable(
  'instructor_specialties',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('instructor_specialties_name_key').on(t.tenantId, t.instructorId, t.name),
    sameTenant(
      'instructor_specialties_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/** Weekly working hours as wall-clock times in the instructor's zone. */
export const instructorAvailability = pgTable(
  'instructor_availability',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    timezone: text('timezone').notNull(),
    day: text('day', { enum: WEEKDAYS }).notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('instructor_availability_instructor_idx').on(t.tenantId, t.instructorId),
    check(
      'instructor_availability_times',
      sql`${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.endTime} ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' and ${t.startTime} < ${t.endTime}`,
    ),
    sameTenant(
      'instructor_availability_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    tenantIsolationPolicy(),
  ],
);

export const availabilityExceptions = pgTable(
  'availability_exceptions',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    kind: text('kind', { enum: ['time_off', 'extra_hours'] }).notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('availability_exceptions_range_idx').on(t.tenantId, t.instructorId, t.startsAt),
    check('availability_exceptions_order', sql`${t.startsAt} < ${t.endsAt}`),
    sameTenant(
      'availability_exceptions_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/** School-wide closures (bank holidays, office closed). */
export const closures = pgTable(
  'closures',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('closures_range_idx').on(t.tenantId, t.startsAt),
    check('closures_order', sql`${t.startsAt} < ${t.endsAt}`),
    tenantIsolationPolicy(),
  ],
);

export const lessonTypes = pgTable(
  'lesson_types',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    priceMinor: integer('price_minor').notNull().default(0),
    bufferBeforeMinutes: integer('buffer_before_minutes').notNull().default(0),
    bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
    transmission: text('transmission', { enum: ['manual', 'automatic', 'any'] })
      .notNull()
      .default('any'),
    capacity: integer('capacity').notNull().default(1),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check(
      'lesson_types_values',
      sql`${t.durationMinutes} between 15 and 600 and ${t.priceMinor} >= 0 and ${t.bufferBeforeMinutes} between 0 and 240 and ${t.bufferAfterMinutes} between 0 and 240 and ${t.capacity} between 1 and 50`,
    ),
    tenantIsolationPolicy(),
  ],
);

export const locations = pgTable(
  'locations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind', { enum: ['pickup', 'office', 'test_centre'] }).notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check(
      'locations_coordinates',
      sql`(${t.lat} is null and ${t.lng} is null) or (${t.lat} between -90 and 90 and ${t.lng} between -180 and 180)`,
    ),
    tenantIsolationPolicy(),
  ],
);

export const vehicles = pgTable(
  'vehicles',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    registration: text('registration').notNull(),
    makeModel: text('make_model').notNull(),
    transmission: text('transmission', { enum: TRANSMISSIONS }).notNull(),
    dualControls: boolean('dual_controls').notNull().default(true),
    motExpiresOn: date('mot_expires_on', { mode: 'string' }),
    insuranceExpiresOn: date('insurance_expires_on', { mode: 'string' }),
    status: text('status', { enum: ['active', 'maintenance', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('vehicles_registration_key').on(t.tenantId, t.registration),
    tenantIsolationPolicy(),
  ],
);

/** A student may learn with several instructors; one is primary. */
export const studentInstructors = pgTable(
  'student_instructors',
  {
    tenantId: tenantIdColumn(),
    studentId: uuid('student_id').notNull(),
    instructorId: uuid('instructor_id').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.studentId, t.instructorId] }),
    uniqueIndex('student_instructors_one_primary').on(t.tenantId, t.studentId).where(sql`${t.isPrimary}`),
    sameTenant('student_instructors_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'student_instructors_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/** A weekly (RRULE) series; each occurrence is its own booking that can move or cancel alone. */
export const recurringSeries = pgTable(
  'recurring_series',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    studentId: uuid('student_id').notNull(),
    lessonTypeId: uuid('lesson_type_id'),
    rrule: text('rrule').notNull(),
    timezone: text('timezone').notNull(),
    firstStartsAt: ts('first_starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    status: text('status', { enum: ['active', 'ended', 'cancelled'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    sameTenant(
      'recurring_series_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    sameTenant('recurring_series_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    tenantIsolationPolicy(),
  ],
);

export const bookings = pgTable(
  'bookings',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    studentId: uuid('student_id').notNull(),
    lessonTypeId: uuid('lesson_type_id'),
    vehicleId: uuid('vehicle_id'),
    pickupLocationId: uuid('pickup_location_id'),
    seriesId: uuid('series_id'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    bufferBeforeMinutes: smallint('buffer_before_minutes').notNull().default(0),
    bufferAfterMinutes: smallint('buffer_after_minutes').notNull().default(0),
    status: text('status', { enum: BOOKING_STATUSES }).notNull().default('pending'),
    priceMinor: integer('price_minor').notNull().default(0),
    currency: text('currency').notNull(),
    /**
     * Seats: the lesson type's capacity when the booking was made (a later change to the type does
     * not resize a session already open). Above 1 it is a group session: its students are its
     * booking_participants, `student_id` is the lead seat (the earliest joined still booked).
     */
    capacity: smallint('capacity').notNull().default(1),
    cancellationFeeMinor: integer('cancellation_fee_minor'),
    notes: text('notes'),
    createdBy: uuid('created_by'),
    confirmedAt: ts('confirmed_at'),
    cancelledAt: ts('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('bookings_instructor_time_idx').on(t.tenantId, t.instructorId, t.startsAt),
    index('bookings_student_time_idx').on(t.tenantId, t.studentId, t.startsAt),
    index('bookings_time_idx').on(t.tenantId, t.startsAt),
    check('bookings_order', sql`${t.startsAt} < ${t.endsAt}`),
    check('bookings_buffers', sql`${t.bufferBeforeMinutes} >= 0 and ${t.bufferAfterMinutes} >= 0`),
    check('bookings_capacity', sql`${t.capacity} between 1 and 50`),
    sameTenant(
      'bookings_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    sameTenant('bookings_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'bookings_lesson_type_fk',
      [t.tenantId, t.lessonTypeId],
      [lessonTypes.tenantId, lessonTypes.id],
    ),
    sameTenant('bookings_vehicle_fk', [t.tenantId, t.vehicleId], [vehicles.tenantId, vehicles.id]),
    sameTenant('bookings_pickup_fk', [t.tenantId, t.pickupLocationId], [locations.tenantId, locations.id]),
    sameTenant(
      'bookings_series_fk',
      [t.tenantId, t.seriesId],
      [recurringSeries.tenantId, recurringSeries.id],
    ),
    tenantIsolationPolicy(),
  ],
);

export const SEAT_STATUSES = ['booked', 'cancelled', 'attended', 'no_show'] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];

/**
 * Seats of a group session (bookings.capacity > 1): one row per student who took one. A seat left
 * is kept as `cancelled` (with its fee) so the history and the money stay explainable; taking it
 * again books it again.
 */
export const bookingParticipants = pgTable(
  'booking_participants',
  {
    tenantId: tenantIdColumn(),
    bookingId: uuid('booking_id').notNull(),
    studentId: uuid('student_id').notNull(),
    status: text('status', { enum: SEAT_STATUSES }).notNull().default('booked'),
    createdAt: createdAt(),
    /** When the seat was (last) taken: the lead seat is the earliest still booked. */
    joinedAt: ts('joined_at').notNull().defaultNow(),
    cancelledAt: ts('cancelled_at'),
    cancellationFeeMinor: integer('cancellation_fee_minor'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.bookingId, t.studentId] }),
    index('booking_participants_student_idx').on(t.tenantId, t.studentId),
    sameTenant(
      'booking_participants_booking_fk',
      [t.tenantId, t.bookingId],
      [bookings.tenantId, bookings.id],
    ),
    sameTenant(
      'booking_participants_student_fk',
      [t.tenantId, t.studentId],
      [students.tenantId, students.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/** Every transition, who made it, why, and any fee. */
export const bookingChanges = pgTable(
  'booking_changes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    bookingId: uuid('booking_id').notNull(),
    action: text('action', {
      enum: [
        'requested',
        'confirmed',
        'rejected',
        'cancelled',
        'rescheduled',
        'expired',
        'started',
        'completed',
        'no_show',
      ],
    }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    reason: text('reason'),
    feeMinor: integer('fee_minor'),
    previousStartsAt: ts('previous_starts_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('booking_changes_booking_idx').on(t.tenantId, t.bookingId),
    sameTenant('booking_changes_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    tenantIsolationPolicy(),
  ],
);

export const waitingList = pgTable(
  'waiting_list',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    instructorId: uuid('instructor_id'),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    status: text('status', { enum: ['waiting', 'offered', 'accepted', 'expired', 'cancelled'] })
      .notNull()
      .default('waiting'),
    offeredStartsAt: ts('offered_starts_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('waiting_list_window_idx').on(t.tenantId, t.instructorId, t.windowStart),
    sameTenant('waiting_list_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'waiting_list_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    tenantIsolationPolicy(),
  ],
);

export const calendarEvents = pgTable(
  'calendar_events',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    ownerUserId: uuid('owner_user_id').notNull(),
    bookingId: uuid('booking_id'),
    kind: text('kind', { enum: ['lesson', 'block', 'personal'] }).notNull(),
    title: text('title').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    timezone: text('timezone').notNull(),
    status: text('status', { enum: ['tentative', 'confirmed', 'cancelled'] }).notNull(),
    sequence: integer('sequence').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('calendar_events_booking_key').on(t.tenantId, t.bookingId),
    index('calendar_events_owner_idx').on(t.tenantId, t.ownerUserId, t.startsAt),
    sameTenant('calendar_events_owner_fk', [t.tenantId, t.ownerUserId], [users.tenantId, users.id]),
    sameTenant('calendar_events_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    tenantIsolationPolicy(),
  ],
);

export const eventParticipants = pgTable(
  'event_participants',
  {
    tenantId: tenantIdColumn(),
    eventId: uuid('event_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: ['instructor', 'student', 'guest'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId, t.userId] }),
    sameTenant(
      'event_participants_event_fk',
      [t.tenantId, t.eventId],
      [calendarEvents.tenantId, calendarEvents.id],
    ),
    sameTenant('event_participants_user_fk', [t.tenantId, t.userId], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

export const eventReminders = pgTable(
  'event_reminders',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    eventId: uuid('event_id').notNull(),
    userId: uuid('user_id').notNull(),
    remindAt: ts('remind_at').notNull(),
    minutesBefore: integer('minutes_before').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('event_reminders_once').on(t.tenantId, t.eventId, t.userId, t.minutesBefore),
    sameTenant(
      'event_reminders_event_fk',
      [t.tenantId, t.eventId],
      [calendarEvents.tenantId, calendarEvents.id],
    ),
    sameTenant('event_reminders_user_fk', [t.tenantId, t.userId], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

export const instructorReviews = pgTable(
  'instructor_reviews',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    studentId: uuid('student_id').notNull(),
    bookingId: uuid('booking_id').notNull(),
    rating: smallint('rating').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('instructor_reviews_booking_key').on(t.tenantId, t.bookingId),
    check('instructor_reviews_rating', sql`${t.rating} between 1 and 5`),
    sameTenant(
      'instructor_reviews_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    sameTenant('instructor_reviews_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('instructor_reviews_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    tenantIsolationPolicy(),
  ],
);

/** Secret, revocable ICS feed URLs; only the token's hash is stored. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('calendar_feeds_token_key').on(t.tenantId, t.tokenHash),
    sameTenant('calendar_feeds_user_fk', [t.tenantId, t.userId], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);
