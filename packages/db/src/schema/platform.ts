import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns.ts';

/** People who run the service; they live outside every tenant. Only the platform role reads these. */
export const platformOperators = pgTable(
  'platform_operators',
  {
    id: idColumn().primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('platform_operators_email_key').on(t.email)],
);

export const platformSessions = pgTable(
  'platform_sessions',
  {
    /** SHA-256 (hex) of the token; the token itself is never stored. */
    id: text('id').primaryKey(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => platformOperators.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('platform_sessions_operator_idx').on(t.operatorId)],
);

/**
 * Failed sign-ins per key (an account at a school, or a client address) in fixed windows. In the
 * database, not in process memory, so every API process counts the same failures.
 */
export const loginAttempts = pgTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * Rate-limit counters (packages/platform/src/rate-limit): hits per key (a budget and who spends it:
 * an address, a user, a mailed address) in fixed windows. In the database so every API process
 * and replica spends one budget; written by the platform role outside the request's transaction,
 * so a refused or failed request still counts. UNLOGGED (see the migration): a crash forgets the
 * counts, which is harmless, and no write waits for the WAL.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * Development only (no SMTP_URL): the mail the platform would have sent, read by operators at
 * /operator/mailbox. In the database so that every API process writes to and reads one mailbox.
 */
export const devMailbox = pgTable('dev_mailbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenant: text('tenant'),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
