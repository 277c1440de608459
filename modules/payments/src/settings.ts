import { type ModuleSettings, parseModuleSettings } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';

/**
 * A school's payment rules (tenant_modules.settings of `payments`), with the defaults a new school
 * starts from. Percentages are basis points (2000 = 20 %) so that money arithmetic stays integral.
 */
export const PaymentSettingsSchema = z.looseObject({
  /** The school's cut of each lesson; the instructor earns the rest. */
  commissionBps: z.number().int().min(0).max(10_000).default(3000),
  /** Per-instructor commission overrides, by instructor id. */
  instructorCommissionBps: z.record(z.string(), z.number().int().min(0).max(10_000)).default({}),
  /** Tax included in prices (e.g. UK VAT 2000); 0 = no tax lines. */
  taxRateBps: z.number().int().min(0).max(5000).default(0),
  taxLabel: z.string().min(1).max(20).default('VAT'),
  invoicePrefix: z
    .string()
    .regex(/^[A-Z0-9-]{1,12}$/)
    .default('INV'),
  /** Where the unused part of a prepaid lesson goes when it is cancelled. */
  cancellationRefundTo: z.enum(['credit', 'original']).default('credit'),
  /** Students may leave a lesson unpaid and pay the instructor on the day. */
  allowPayAtLesson: z.boolean().default(true),
  /** Retry delays for a failed instalment (seconds); the count is the number of retries. */
  planRetryDelaysSeconds: z
    .array(z.number().int().min(1).max(2_592_000))
    .max(10)
    .default([86_400, 259_200, 604_800]),
});

export type PaymentSettings = z.infer<typeof PaymentSettingsSchema>;

/** Where the payment rules live: the module's own settings only (they never were in tenant.json). */
export const paymentSettings: ModuleSettings<typeof PaymentSettingsSchema> = {
  moduleId: 'payments',
  schema: PaymentSettingsSchema,
  inheritsDefinition: false,
};

export const readPaymentSettings = (stored: unknown): PaymentSettings =>
  parseModuleSettings(PaymentSettingsSchema, stored);
