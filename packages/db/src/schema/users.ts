import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from './columns.ts';
import { tenantIdColumn, tenantIsolationPolicy } from './tenant-table.ts';

export const ROLES = ['owner', 'admin', 'instructor', 'student', 'guardian'] as const;
export type Role = (typeof ROLES)[number];

/** A person at one school. The same person at two schools has two accounts. */
export const users = pgTable(
  'users',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id; null until an invited user sets a password. */
    passwordHash: text('password_hash'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('users_tenant_email_key').on(t.tenantId, sql`lower(${t.email})`),
    tenantIsolationPolicy(),
  ],
);

/** Composite reference to a user of the same tenant: a row can never point into another school. */
export const referencesUser = (name: string, tenantId: AnyPgColumn, userId: AnyPgColumn) =>
  foreignKey({ name, columns: [tenantId, userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
    'cascade',
  );

export const userRoles = pgTable(
  'user_roles',
  {
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.role] }),
    referencesUser('user_roles_user_fk', t.tenantId, t.userId),
    check('user_roles_role_valid', sql`${t.role} in ('owner','admin','instructor','student','guardian')`),
    tenantIsolationPolicy(),
  ],
);

export const userPreferences = pgTable(
  'user_preferences',
  {
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    locale: text('locale'),
    timezone: text('timezone'),
    /** e.g. { booking: ['email','push'], reminders: { minutesBefore: [1440, 120] } } */
    notifications: jsonb('notifications').$type<Record<string, unknown>>().notNull().default({}),
    ui: jsonb('ui').$type<Record<string, unknown>>().notNull().default({}),
    workingHours: jsonb('working_hours').$type<Record<string, unknown>>(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    referencesUser('user_preferences_user_fk', t.tenantId, t.userId),
    tenantIsolationPolicy(),
  ],
);

export const userSessions = pgTable(
  'user_sessions',
  {
    tenantId: tenantIdColumn(),
    /** SHA-256 (hex) of the token; the token itself is never stored. */
    id: text('id').notNull(),
    userId: uuid('user_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('user_sessions_user_idx').on(t.tenantId, t.userId),
    referencesUser('user_sessions_user_fk', t.tenantId, t.userId),
    tenantIsolationPolicy(),
  ],
);

/** PWA installs and their web-push endpoints. */
export const userDevices = pgTable(
  'user_devices',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    kind: text('kind', { enum: ['web_push', 'ios', 'android'] }).notNull(),
    endpoint: text('endpoint').notNull(),
    keys: jsonb('keys').$type<Record<string, string>>().notNull().default({}),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('user_devices_endpoint_key').on(t.tenantId, t.userId, t.endpoint),
    referencesUser('user_devices_user_fk', t.tenantId, t.userId),
    tenantIsolationPolicy(),
  ],
);
