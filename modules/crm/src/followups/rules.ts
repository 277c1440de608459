/**
 * The follow-up rules a school has, with the defaults it starts from (on, with these thresholds).
 * A school's own on/off and thresholds live in crm_followup_rules, written with these defaults the
 * first time the school uses the CRM (services/crm-defaults.ts) and changed by the office.
 */
export const FOLLOWUP_RULES = {
  /** An active learner with no lesson booked ahead and none in the last `days` days (daily sweep). */
  no_lesson_booked: { enabled: true, thresholds: { days: 14 }, kind: 'no_lesson' },
  /** A learner's credit balance fell below `belowMinor` (payments' credit, after a payment or lesson). */
  credit_low: { enabled: true, thresholds: { belowMinor: 5000 }, kind: 'credit_low' },
  /** A learner passed: ask for a review, due `dueInDays` later. */
  review_request: { enabled: true, thresholds: { dueInDays: 1 }, kind: 'review_request' },
  /** A document expires in at most `daysLeft` days (document.expiring). */
  document_expiring: { enabled: true, thresholds: { daysLeft: 30 }, kind: 'document' },
  /** An instalment of a payment plan failed (payment_plan.instalment_failed). */
  instalment_failed: { enabled: true, thresholds: {}, kind: 'instalment' },
} as const satisfies Record<string, { enabled: boolean; thresholds: Record<string, number>; kind: string }>;

export type RuleKey = keyof typeof FOLLOWUP_RULES;
export const RULE_KEYS = Object.keys(FOLLOWUP_RULES) as RuleKey[];
