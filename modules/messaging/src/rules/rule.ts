import type { EventDefinition, EventPayload } from '@dualcontrol/platform';
import type { Channel, RecipientRole } from '../notifications/schema.ts';

/**
 * The groups a person sets channels for on their preferences page: one switchboard per kind of
 * news rather than one per event type (nobody wants to tick 30 rows).
 */
export const EVENT_GROUPS = [
  'bookings',
  'reminders',
  'payments',
  'progress',
  'documents',
  'messages',
  'tasks',
] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

/** What a rule addresses, read from the event's payload (rules/recipients.ts resolves each to users). */
export type RecipientSpec =
  /** The student whose id (students.id) is `studentId` in the payload; their guardians when `withGuardians`. */
  | { role: 'student' }
  | { role: 'guardian' }
  /** The instructor (instructors.id) named `instructorId`. */
  | { role: 'instructor' }
  /** A guardian with the payer flag, else the student themself. */
  | { role: 'payer' }
  /** The school's owners and admins. */
  | { role: 'admins' }
  /** User ids listed in the payload (message.sent's recipientIds, a reminder's userIds). */
  | { role: 'participant'; field: 'recipientIds' | 'userIds' | 'assigneeId' }
  /** The user (users.id) in the payload's `userId`, e.g. a document's holder: student or instructor by profile. */
  | { role: 'holder' };

/** The people and context a payload leads to: filled by the fan-out before a rule's hooks run. */
export type RuleContext = { now: Date };

/** What an event is about: notifications link to it (and the in-app centre to its page). */
export type Entity = { type: string; id: string };

/** A rule that sends something. `P` is the event's parsed payload. */
export type SendingRule<P> = {
  kind: 'send';
  group: EventGroup;
  recipients: readonly RecipientSpec[];
  /** The channels used when the person has not chosen for the rule's group. */
  channels: readonly Channel[];
  /** Bypasses quiet hours, digests and the driving delay. */
  critical(payload: P, ctx: RuleContext): boolean;
  entity(payload: P): Entity | null;
  /** The portal page it leads to (relative). */
  url(payload: P): string;
  /**
   * Template variables this event provides beyond the common ones (school, recipient, link): the
   * dotted names a template may use. Save-time validation refuses any other name.
   */
  variables: readonly string[];
  /** Names a template for this event must use (e.g. the pay link of a dunning notice). */
  required?: readonly string[];
  /** Non-critical events batched per person into one "3 new …" delivery per channel. */
  digest?: { roles: readonly RecipientRole[]; noun: { one: string; many: string }; path: string };
};

/** An event no person needs: kept explicit so "no rule" is a decision, not an omission. */
export type SilentRule = { kind: 'none'; reason: string };

export type NotificationRule<P = unknown> = SendingRule<P> | SilentRule;

/** One rule per event of a catalog, typed from each event's payload. */
export type RulesFor<C extends { readonly [type: string]: EventDefinition }> = {
  [K in keyof C]: NotificationRule<EventPayload<C[K]>>;
};

/** Names every template may use, whatever the event. */
export const COMMON_VARIABLES = [
  'school.name',
  'school.url',
  'recipient.name',
  'recipient.role',
  'link',
] as const;
