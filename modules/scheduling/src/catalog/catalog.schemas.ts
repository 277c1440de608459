import { z } from '@hono/zod-openapi';
import { StoredDate } from '../stored-date.ts';

export const LessonTypeInput = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    durationMinutes: z.number().int().min(15).max(600),
    priceMinor: z.number().int().min(0).max(10_000_000),
    bufferBeforeMinutes: z.number().int().min(0).max(240).default(0),
    bufferAfterMinutes: z.number().int().min(0).max(240).default(0),
    transmission: z.enum(['manual', 'automatic', 'any']).default('any'),
    capacity: z.number().int().min(1).max(50).default(1),
    active: z.boolean().default(true),
  })
  .openapi('LessonTypeInput');

export const LessonType = z
  .object({
    id: z.string(),
    name: z.string(),
    durationMinutes: z.number(),
    priceMinor: z.number(),
    currency: z.string(),
    bufferBeforeMinutes: z.number(),
    bufferAfterMinutes: z.number(),
    transmission: z.enum(['manual', 'automatic', 'any']),
    capacity: z.number(),
    active: z.boolean(),
  })
  .openapi('LessonType');

export const LocationInput = z
  .strictObject({
    kind: z.enum(['pickup', 'office', 'test_centre']),
    name: z.string().trim().min(1).max(120),
    address: z.string().trim().min(1).max(300),
    lat: z.number().min(-90).max(90).nullable().default(null),
    lng: z.number().min(-180).max(180).nullable().default(null),
    active: z.boolean().default(true),
  })
  .refine((l) => (l.lat === null) === (l.lng === null), {
    message: 'give both lat and lng, or neither',
    path: ['lng'],
  })
  .openapi('LocationInput');

export const Location = z
  .object({
    id: z.string(),
    kind: z.enum(['pickup', 'office', 'test_centre']),
    name: z.string(),
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    active: z.boolean(),
  })
  .openapi('Location');

export const VehicleInput = z
  .strictObject({
    registration: z.string().trim().min(2).max(20),
    makeModel: z.string().trim().min(1).max(120),
    transmission: z.enum(['manual', 'automatic']),
    dualControls: z.boolean().default(true),
    motExpiresOn: StoredDate.nullable().default(null),
    insuranceExpiresOn: StoredDate.nullable().default(null),
    status: z.enum(['active', 'maintenance', 'retired']).default('active'),
  })
  .openapi('VehicleInput');

export const Vehicle = z
  .object({
    id: z.string(),
    registration: z.string(),
    makeModel: z.string(),
    transmission: z.enum(['manual', 'automatic']),
    dualControls: z.boolean(),
    motExpiresOn: z.string().nullable(),
    insuranceExpiresOn: z.string().nullable(),
    status: z.enum(['active', 'maintenance', 'retired']),
    /** Documents expiring within 30 days (or expired): what the admin page warns about. */
    warnings: z.array(z.string()),
  })
  .openapi('Vehicle');
