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
import { bookings } from '@dualcontrol/scheduling';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Payments tables. Every one is a tenant table (RLS via tenantIsolationPolicy; FORCE, grants and
 * the audit trigger come from dc_secure_tenant_tables) with composite keys into its tenant. Money
 * is integer minor units beside an ISO 4217 currency. The credit ledger is append-only (trigger in
 * a custom migration): a balance is always the sum of its entries.
 */

const money = (name: string) => integer(name);
const currency = () => text('currency').notNull();
const currencyCheck = (name: string, column: AnyPgColumn) => check(name, sql`${column} ~ '^[A-Z]{3}$'`);

export const PAYMENT_METHOD_KINDS = ['card', 'credit', 'cash', 'bank_transfer', 'card_terminal'] as const;
export const MANUAL_METHODS = ['cash', 'bank_transfer', 'card_terminal'] as const;
export const PAYMENT_PURPOSES = ['booking', 'package', 'instalment', 'cancellation_fee', 'other'] as const;
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export const LEDGER_KINDS = ['purchase', 'use', 'refund', 'expiry', 'adjustment'] as const;
export const PLAN_STATUSES = ['active', 'paused', 'completed', 'defaulted', 'cancelled'] as const;
export const SCHEDULE_STATUSES = ['scheduled', 'paid', 'retrying', 'failed', 'cancelled'] as const;
export const FEE_STATUSES = ['due', 'paid', 'credited', 'waived'] as const;

export type PaymentMethodKind = (typeof PAYMENT_METHOD_KINDS)[number];
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];
export type FeeStatus = (typeof FEE_STATUSES)[number];

/** How a school takes card payments: its own Stripe keys, or a connected account under the platform. */
export const paymentAccounts = pgTable(
  'payment_accounts',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    mode: text('mode', { enum: ['stripe_keys', 'stripe_connect'] }).notNull(),
    /** acct_… of the school's connected account (Connect mode). */
    stripeAccountId: text('stripe_account_id'),
    /** AES-256-GCM envelopes (packages/db encryption); never returned by the API. */
    secretKeyEncrypted: text('secret_key_encrypted'),
    webhookSecretEncrypted: text('webhook_secret_encrypted'),
    publishableKey: text('publishable_key'),
    /** The platform's cut on Connect charges, in basis points (set by an operator). */
    applicationFeeBps: integer('application_fee_bps').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('payment_accounts_one_per_tenant').on(t.tenantId),
    check('payment_accounts_fee', sql`${t.applicationFeeBps} between 0 and 5000`),
    tenantIsolationPolicy(),
  ],
);

/** A student's Stripe customer, made on first card use. */
export const stripeCustomers = pgTable(
  'stripe_customers',
  {
    tenantId: tenantIdColumn(),
    studentId: uuid('student_id').notNull(),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.studentId] }),
    sameTenant('stripe_customers_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    tenantIsolationPolicy(),
  ],
);

/** Saved cards (Stripe payment methods attached to the student's customer). */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    stripePaymentMethodId: text('stripe_payment_method_id').notNull(),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: smallint('exp_month').notNull(),
    expYear: smallint('exp_year').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('payment_methods_stripe_key').on(t.tenantId, t.stripePaymentMethodId),
    uniqueIndex('payment_methods_one_default')
      .on(t.tenantId, t.studentId)
      .where(sql`${t.isDefault} and ${t.removedAt} is null`),
    sameTenant('payment_methods_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    tenantIsolationPolicy(),
  ],
);

/** What a school sells ahead: e.g. 10 hours at a discount, a test-day package. */
export const lessonPackages = pgTable(
  'lesson_packages',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    description: text('description'),
    priceMinor: money('price_minor').notNull(),
    /** Lesson credit the buyer receives (more than the price when discounted). */
    creditMinor: money('credit_minor').notNull(),
    currency: currency(),
    /** Unused credit expires this many days after purchase; null = never. */
    validityDays: integer('validity_days'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('lesson_packages_name_key').on(t.tenantId, t.name),
    check(
      'lesson_packages_amounts',
      sql`${t.priceMinor} > 0 and ${t.creditMinor} > 0 and (${t.validityDays} is null or ${t.validityDays} between 1 and 3650)`,
    ),
    currencyCheck('lesson_packages_currency', t.currency),
    tenantIsolationPolicy(),
  ],
);

export const paymentPlans = pgTable(
  'payment_plans',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    paymentMethodId: uuid('payment_method_id').notNull(),
    description: text('description').notNull(),
    totalMinor: money('total_minor').notNull(),
    currency: currency(),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('active'),
    /** Retry delays after a failed instalment, in seconds; their count is the number of retries. */
    retryDelaysSeconds: jsonb('retry_delays_seconds').$type<number[]>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('payment_plans_student_idx').on(t.tenantId, t.studentId),
    check('payment_plans_total', sql`${t.totalMinor} > 0`),
    sameTenant('payment_plans_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'payment_plans_method_fk',
      [t.tenantId, t.paymentMethodId],
      [paymentMethods.tenantId, paymentMethods.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/** A plan's deposit and instalments with their due dates. */
export const paymentSchedules = pgTable(
  'payment_schedules',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    seq: smallint('seq').notNull(),
    kind: text('kind', { enum: ['deposit', 'instalment'] }).notNull(),
    amountMinor: money('amount_minor').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status', { enum: SCHEDULE_STATUSES }).notNull().default('scheduled'),
    attempts: smallint('attempts').notNull().default(0),
    lastError: text('last_error'),
    paidAt: ts('paid_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('payment_schedules_seq_key').on(t.tenantId, t.planId, t.seq),
    check('payment_schedules_amount', sql`${t.amountMinor} > 0`),
    sameTenant('payment_schedules_plan_fk', [t.tenantId, t.planId], [paymentPlans.tenantId, paymentPlans.id]),
    tenantIsolationPolicy(),
  ],
);

/** Every movement of money in or out of the school, by card, credit or by hand. */
export const payments = pgTable(
  'payments',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    /** The lesson's instructor, for earnings (booking payments). */
    instructorId: uuid('instructor_id'),
    bookingId: uuid('booking_id'),
    packageId: uuid('package_id'),
    scheduleId: uuid('schedule_id'),
    purpose: text('purpose', { enum: PAYMENT_PURPOSES }).notNull(),
    method: text('method', { enum: PAYMENT_METHOD_KINDS }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    amountMinor: money('amount_minor').notNull(),
    currency: currency(),
    paymentMethodId: uuid('payment_method_id'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    description: text('description').notNull(),
    note: text('note'),
    failureMessage: text('failure_message'),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
    succeededAt: ts('succeeded_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('payments_student_idx').on(t.tenantId, t.studentId, t.createdAt),
    index('payments_booking_idx').on(t.tenantId, t.bookingId),
    index('payments_succeeded_idx').on(t.tenantId, t.succeededAt),
    uniqueIndex('payments_intent_key').on(t.tenantId, t.stripePaymentIntentId),
    // One settled (or settling) payment per seat of a booking (a lesson has one: its student's;
    // a group session one per participant) and per instalment.
    uniqueIndex('payments_one_per_seat')
      .on(t.tenantId, t.bookingId, t.studentId)
      .where(sql`${t.purpose} = 'booking' and ${t.status} in ('pending', 'succeeded')`),
    uniqueIndex('payments_one_per_schedule')
      .on(t.tenantId, t.scheduleId)
      .where(sql`${t.status} in ('pending', 'succeeded')`),
    check('payments_amount', sql`${t.amountMinor} > 0`),
    currencyCheck('payments_currency', t.currency),
    sameTenant('payments_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'payments_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    sameTenant('payments_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    sameTenant(
      'payments_package_fk',
      [t.tenantId, t.packageId],
      [lessonPackages.tenantId, lessonPackages.id],
    ),
    sameTenant(
      'payments_schedule_fk',
      [t.tenantId, t.scheduleId],
      [paymentSchedules.tenantId, paymentSchedules.id],
    ),
    sameTenant(
      'payments_method_fk',
      [t.tenantId, t.paymentMethodId],
      [paymentMethods.tenantId, paymentMethods.id],
    ),
    sameTenant('payments_recorded_by_fk', [t.tenantId, t.recordedBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    paymentId: uuid('payment_id').notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: currency(),
    destination: text('destination', { enum: ['original', 'credit'] }).notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    stripeRefundId: text('stripe_refund_id'),
    reason: text('reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('refunds_payment_idx').on(t.tenantId, t.paymentId),
    check('refunds_amount', sql`${t.amountMinor} > 0`),
    sameTenant('refunds_payment_fk', [t.tenantId, t.paymentId], [payments.tenantId, payments.id]),
    tenantIsolationPolicy(),
  ],
);

/**
 * Append-only credit movements. Positive entries (purchase, refund, positive adjustment) are
 * lots; negative ones (use, expiry, negative adjustment) each draw from one lot (`lotId`), so what
 * is left of a lot — and what expires — is known exactly.
 */
export const creditLedger = pgTable(
  'credit_ledger',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: currency(),
    lotId: uuid('lot_id'),
    expiresAt: ts('expires_at'),
    packageId: uuid('package_id'),
    paymentId: uuid('payment_id'),
    refundId: uuid('refund_id'),
    bookingId: uuid('booking_id'),
    reason: text('reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('credit_ledger_student_idx').on(t.tenantId, t.studentId, t.createdAt),
    index('credit_ledger_lot_idx').on(t.tenantId, t.lotId),
    check(
      'credit_ledger_sign',
      sql`${t.amountMinor} <> 0 and (
        (${t.kind} in ('purchase', 'refund') and ${t.amountMinor} > 0 and ${t.lotId} is null) or
        (${t.kind} in ('use', 'expiry') and ${t.amountMinor} < 0 and ${t.lotId} is not null) or
        (${t.kind} = 'adjustment' and (${t.amountMinor} > 0) = (${t.lotId} is null)))`,
    ),
    currencyCheck('credit_ledger_currency', t.currency),
    sameTenant('credit_ledger_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('credit_ledger_lot_fk', [t.tenantId, t.lotId], [t.tenantId, t.id]),
    sameTenant(
      'credit_ledger_package_fk',
      [t.tenantId, t.packageId],
      [lessonPackages.tenantId, lessonPackages.id],
    ),
    sameTenant('credit_ledger_payment_fk', [t.tenantId, t.paymentId], [payments.tenantId, payments.id]),
    sameTenant('credit_ledger_refund_fk', [t.tenantId, t.refundId], [refunds.tenantId, refunds.id]),
    sameTenant('credit_ledger_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    tenantIsolationPolicy(),
  ],
);

/** The next invoice number of each school; taken under a row lock so numbers have no gaps. */
export const invoiceCounters = pgTable(
  'invoice_counters',
  {
    tenantId: tenantIdColumn(),
    nextNumber: integer('next_number').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.tenantId] }), tenantIsolationPolicy()],
);

export const invoices = pgTable(
  'invoices',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    number: integer('number').notNull(),
    displayNumber: text('display_number').notNull(),
    kind: text('kind', { enum: ['invoice', 'credit_note'] }).notNull(),
    studentId: uuid('student_id').notNull(),
    instructorId: uuid('instructor_id'),
    paymentId: uuid('payment_id'),
    refundId: uuid('refund_id'),
    currency: currency(),
    subtotalMinor: money('subtotal_minor').notNull(),
    taxMinor: money('tax_minor').notNull(),
    totalMinor: money('total_minor').notNull(),
    /** The school and the buyer as they were when issued (an invoice never changes afterwards). */
    seller: jsonb('seller').$type<{ name: string; primaryColor?: string; address?: string }>().notNull(),
    buyer: jsonb('buyer').$type<{ name: string; email: string }>().notNull(),
    issuedAt: ts('issued_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('invoices_number_key').on(t.tenantId, t.number),
    index('invoices_student_idx').on(t.tenantId, t.studentId, t.issuedAt),
    check('invoices_total', sql`${t.totalMinor} = ${t.subtotalMinor} + ${t.taxMinor}`),
    sameTenant('invoices_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'invoices_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    sameTenant('invoices_payment_fk', [t.tenantId, t.paymentId], [payments.tenantId, payments.id]),
    sameTenant('invoices_refund_fk', [t.tenantId, t.refundId], [refunds.tenantId, refunds.id]),
    tenantIsolationPolicy(),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    invoiceId: uuid('invoice_id').notNull(),
    position: smallint('position').notNull(),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull().default(1),
    unitAmountMinor: money('unit_amount_minor').notNull(),
    /** Basis points: 2000 = 20 %. */
    taxRateBps: integer('tax_rate_bps').notNull().default(0),
    taxLabel: text('tax_label'),
    netMinor: money('net_minor').notNull(),
    taxMinor: money('tax_minor').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('invoice_lines_position_key').on(t.tenantId, t.invoiceId, t.position),
    sameTenant('invoice_lines_invoice_fk', [t.tenantId, t.invoiceId], [invoices.tenantId, invoices.id]),
    tenantIsolationPolicy(),
  ],
);

/** A late-cancellation fee and how it was settled (or who waived it). */
export const cancellationFees = pgTable(
  'cancellation_fees',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    bookingId: uuid('booking_id').notNull(),
    studentId: uuid('student_id').notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: currency(),
    status: text('status', { enum: FEE_STATUSES }).notNull().default('due'),
    paymentId: uuid('payment_id'),
    waivedBy: uuid('waived_by'),
    waivedAt: ts('waived_at'),
    waiveReason: text('waive_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // One fee per cancelled seat: a lesson's student, or each participant leaving a group session.
    uniqueIndex('cancellation_fees_seat_key').on(t.tenantId, t.bookingId, t.studentId),
    check('cancellation_fees_amount', sql`${t.amountMinor} > 0`),
    sameTenant('cancellation_fees_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    sameTenant('cancellation_fees_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('cancellation_fees_payment_fk', [t.tenantId, t.paymentId], [payments.tenantId, payments.id]),
    sameTenant('cancellation_fees_waived_by_fk', [t.tenantId, t.waivedBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

/** An instructor's payout reports: which earnings were paid out together. */
export const payoutReports = pgTable(
  'payout_reports',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    lessons: integer('lessons').notNull(),
    totalMinor: money('total_minor').notNull(),
    currency: currency(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check('payout_reports_period', sql`${t.periodStart} <= ${t.periodEnd}`),
    sameTenant(
      'payout_reports_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/** The instructor's share of each completed lesson under the school's commission rules. */
export const earningsRecords = pgTable(
  'earnings_records',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    instructorId: uuid('instructor_id').notNull(),
    bookingId: uuid('booking_id').notNull(),
    lessonMinor: money('lesson_minor').notNull(),
    commissionBps: integer('commission_bps').notNull(),
    earningsMinor: money('earnings_minor').notNull(),
    currency: currency(),
    earnedAt: ts('earned_at').notNull(),
    payoutReportId: uuid('payout_report_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('earnings_records_booking_key').on(t.tenantId, t.bookingId),
    index('earnings_records_instructor_idx').on(t.tenantId, t.instructorId, t.earnedAt),
    check('earnings_records_bps', sql`${t.commissionBps} between 0 and 10000 and ${t.earningsMinor} >= 0`),
    sameTenant(
      'earnings_records_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    sameTenant('earnings_records_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    sameTenant(
      'earnings_records_payout_fk',
      [t.tenantId, t.payoutReportId],
      [payoutReports.tenantId, payoutReports.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/** Every Stripe webhook event received, first of all for deduplication. */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    stripeEventId: text('stripe_event_id').notNull(),
    type: text('type').notNull(),
    objectId: text('object_id'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('stripe_events_event_key').on(t.tenantId, t.stripeEventId),
    tenantIsolationPolicy(),
  ],
);

export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;
export type LessonPackage = typeof lessonPackages.$inferSelect;
export type PaymentPlan = typeof paymentPlans.$inferSelect;
export type PaymentSchedule = typeof paymentSchedules.$inferSelect;
export type SavedPaymentMethod = typeof paymentMethods.$inferSelect;
