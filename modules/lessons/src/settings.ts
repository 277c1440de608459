import { type ModuleSettings, parseModuleSettings } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { LOGBOOK_RULE_IDS } from './logbook/logbook-rules.ts';

/**
 * A school's lesson rules (tenant_modules.settings of `lessons`), with the defaults a new school
 * starts from.
 */
export const LessonSettingsSchema = z.looseObject({
  /** How long after its first recording a lesson record may still be edited. */
  recordEditWindowHours: z.number().int().min(1).max(720).default(48),
  /** A mock test passes with at most this many driving faults (and no serious or dangerous one). */
  maxDrivingFaults: z.number().int().min(0).max(50).default(15),
  /**
   * Mark as an examiner may: the same driving fault repeated on one skill becomes a serious fault
   * (`repeatedDrivingFaultsThreshold` driving faults on one skill count as one serious instead).
   */
  upgradeRepeatedDrivingFaults: z.boolean().default(false),
  repeatedDrivingFaultsThreshold: z.number().int().min(2).max(16).default(3),
  /** How long a theory certificate stays valid (the UK: 2 years), when the document gives no expiry. */
  theoryCertificateValidityMonths: z.number().int().min(1).max(120).default(24),
  /** Hours of lessons at which the readiness score gives full marks for time taught (DVSA: ~45 h average). */
  readinessTargetHours: z.number().int().min(1).max(500).default(45),
  /**
   * The school's local time at which a document's expiry notices go out on the day they fall due
   * (30 and 7 days before its expiry date, and the day after it): office hours, not midnight.
   */
  documentNoticeTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'HH:MM or HH:MM:SS')
    .default('09:00'),
  /**
   * The learner logbook's rules: `none` counts hours as driven; `au-nsw` (120 h incl. 20 night) and
   * `au-qld` (100 h incl. 10 night) count each professional hour three times, up to 10 hours.
   */
  logbookRules: z.enum(LOGBOOK_RULE_IDS).default('none'),
  /** How long a guardian invitation link works. */
  guardianInvitationDays: z.number().int().min(1).max(30).default(7),
});

export type LessonSettings = z.infer<typeof LessonSettingsSchema>;

/** Where the lesson rules live: the module's own settings only. */
export const lessonSettings: ModuleSettings<typeof LessonSettingsSchema> = {
  moduleId: 'lessons',
  schema: LessonSettingsSchema,
  inheritsDefinition: false,
};

export const readLessonSettings = (stored: unknown): LessonSettings =>
  parseModuleSettings(LessonSettingsSchema, stored);
