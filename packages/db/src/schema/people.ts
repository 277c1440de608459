import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from './columns.ts';
import { tenantIdColumn, tenantIsolationPolicy } from './tenant-table.ts';
import { referencesUser } from './users.ts';

/**
 * People are core, not a module: every module refers to instructors and students, and the
 * people operations are part of the foundation contract. Modules add tables that point here.
 */
export const instructors = pgTable(
  'instructors',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    bio: text('bio'),
    photoUrl: text('photo_url'),
    transmissions: text('transmissions').array().notNull().default(sql`'{manual}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    /** Free-form service area, e.g. postcodes or a radius around a point. */
    workingArea: jsonb('working_area').$type<Record<string, unknown>>(),
    /** Hourly rate in the school's currency, minor units. */
    hourlyRateMinor: integer('hourly_rate_minor'),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('instructors_user_key').on(t.tenantId, t.userId),
    referencesUser('instructors_user_fk', t.tenantId, t.userId),
    tenantIsolationPolicy(),
  ],
);

export const students = pgTable(
  'students',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    phone: text('phone'),
    /** Encrypted (see encryption.ts): "kid:iv:tag:ciphertext". */
    licenceNumberEnc: text('licence_number_enc'),
    dateOfBirthEnc: text('date_of_birth_enc'),
    transmission: text('transmission', { enum: ['manual', 'automatic'] }),
    status: text('status', { enum: ['active', 'passed', 'inactive'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('students_user_key').on(t.tenantId, t.userId),
    index('students_status_idx').on(t.tenantId, t.status),
    referencesUser('students_user_fk', t.tenantId, t.userId),
    tenantIsolationPolicy(),
  ],
);
