import {
  createdAt,
  sameTenant,
  tenantIdColumn,
  tenantIsolationPolicy,
  updatedAt,
  userDevices,
} from '@dualcontrol/db';
import { boolean, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * A push device's own settings (core's user_devices holds the subscription): a name the person
 * recognises, muted, or critical notifications only. Removed with its device.
 */
export const deviceSettings = pgTable(
  'device_settings',
  {
    tenantId: tenantIdColumn(),
    deviceId: uuid('device_id').notNull(),
    label: text('label'),
    muted: boolean('muted').notNull().default(false),
    criticalOnly: boolean('critical_only').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.deviceId] }),
    sameTenant(
      'device_settings_device_fk',
      [t.tenantId, t.deviceId],
      [userDevices.tenantId, userDevices.id],
    ).onDelete('cascade'),
    tenantIsolationPolicy(),
  ],
);
