import { type ModuleSettings, parseModuleSettings } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';

const CancellationTierSchema = z.object({
  hoursBefore: z.number().min(0),
  feePercent: z.number().min(0).max(100),
});

/**
 * A school's scheduling policies (tenants.policies, from tenant.json or the admin pages), with the
 * defaults a new school starts from. Unknown keys belong to other modules and are ignored here.
 */
export const SchedulingPoliciesSchema = z.looseObject({
  bookingConfirmation: z.enum(['manual', 'instant']).default('manual'),
  confirmationTimeoutHours: z.number().min(1).max(168).default(24),
  minimumNoticeHours: z.number().min(0).max(720).default(12),
  bookingHorizonDays: z.number().int().min(1).max(365).default(60),
  cancellationTiers: z.array(CancellationTierSchema).default([
    { hoursBefore: 48, feePercent: 0 },
    { hoursBefore: 24, feePercent: 50 },
    { hoursBefore: 0, feePercent: 100 },
  ]),
  rescheduleLimit: z.number().int().min(0).max(20).default(2),
  noShowGraceMinutes: z.number().int().min(0).max(120).default(15),
  slotStepMinutes: z.number().int().min(5).max(120).default(15),
  travel: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('none') }),
      z.object({ mode: z.literal('fixed'), minutes: z.number().int().min(0).max(180) }),
      z.object({
        mode: z.literal('estimate'),
        averageKmh: z.number().min(5).max(120),
        minimumMinutes: z.number().int().min(0).optional(),
      }),
    ])
    .default({ mode: 'none' }),
  studentMaxPerDay: z.number().int().min(1).max(50).default(2),
  studentMaxPerWeek: z.number().int().min(1).max(200).default(6),
  studentMinGapMinutes: z.number().int().min(0).max(1440).default(0),
  /** A confirmed lesson must be paid (when the payments module is on) or it is released. */
  paymentRequired: z.boolean().default(false),
  paymentTimeoutMinutes: z.number().int().min(1).max(10_080).default(60),
});

export type SchedulingPolicies = z.infer<typeof SchedulingPoliciesSchema>;

/** Where scheduling's policies live: under the school's definition (tenant.json `policies`). */
export const schedulingSettings: ModuleSettings<typeof SchedulingPoliciesSchema> = {
  moduleId: 'scheduling',
  schema: SchedulingPoliciesSchema,
  inheritsDefinition: true,
};

/** Policies as stored, made whole; a malformed stored policy falls back to the defaults field by field. */
export const readPolicies = (stored: unknown): SchedulingPolicies =>
  parseModuleSettings(SchedulingPoliciesSchema, stored);
