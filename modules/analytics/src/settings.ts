import { type ModuleSettings, parseModuleSettings } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';

/** A school's analytics settings (tenant_modules.settings of `analytics`), with their defaults. */
export const AnalyticsSettingsSchema = z.looseObject({
  /**
   * The national pass rate of the practical test, in percent, that the school compares itself
   * with (the UK's DVSA publishes about 48 %); unset: the pass-rate report shows none.
   */
  nationalPassRatePercent: z.number().min(0).max(100).nullable().default(null),
  /** A cancellation with less notice than this (before the lesson's start) counts as late. */
  lateCancellationHours: z.number().int().min(1).max(168).default(24),
});

export type AnalyticsSettings = z.infer<typeof AnalyticsSettingsSchema>;

export const analyticsSettings: ModuleSettings<typeof AnalyticsSettingsSchema> = {
  moduleId: 'analytics',
  schema: AnalyticsSettingsSchema,
  inheritsDefinition: false,
};

export const readAnalyticsSettings = (stored: unknown): AnalyticsSettings =>
  parseModuleSettings(AnalyticsSettingsSchema, stored);
