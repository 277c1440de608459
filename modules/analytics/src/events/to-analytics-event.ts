import type { OutboxEvent } from '@dualcontrol/platform';
import { stripPersonalData } from './strip-personal-data.ts';

/** An outbox event as analytics keeps it (one row of analytics_events, one PostHog capture). */
export type AnalyticsEvent = {
  id: string;
  tenantId: string;
  type: string;
  occurredAt: Date;
  actorId: string | null;
  entityType: string;
  entityId: string | null;
  properties: Record<string, unknown>;
};

/**
 * The id field of an event's entity when it is not `<prefix>Id` (payment_plan.* → planId).
 * Anything else falls back to the first `…Id` field of the payload.
 */
const ENTITY_KEYS: Record<string, string> = {
  payment_plan: 'planId',
  waiting_list: 'entryId',
  stripe: 'stripeEventId',
};

/** Fields that name who did it, when an event says so (most events do not carry an actor yet). */
const ACTOR_KEYS = ['actorId', 'actorUserId', 'byUserId', 'createdBy'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (camelCase: string) => camelCase.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The entity an event is about: `booking.cancelled` → booking/bookingId; a namespaced type such as
 * `crm.contact_created` has no `crmId`, so the first `…Id` field names it (contact/contactId).
 */
function entityOf(type: string, payload: Record<string, unknown>): { type: string; id: string | null } {
  const prefix = type.slice(0, type.indexOf('.'));
  const key = ENTITY_KEYS[prefix] ?? `${camel(prefix)}Id`;
  if (typeof payload[key] === 'string') return { type: prefix, id: payload[key] as string };
  const first = Object.keys(payload).find((k) => /Id$/.test(k) && typeof payload[k] === 'string');
  if (first) return { type: snake(first.slice(0, -2)), id: payload[first] as string };
  return { type: prefix, id: null };
}

/** The analytics view of an outbox event: who, what, when, and its payload without personal data. */
export function toAnalyticsEvent(event: OutboxEvent): AnalyticsEvent {
  const payload = event.payload ?? {};
  const entity = entityOf(event.type, payload);
  const properties = stripPersonalData(payload);
  const actor = ACTOR_KEYS.map((k) => properties[k]).find(
    (v): v is string => typeof v === 'string' && UUID.test(v),
  );
  return {
    id: event.id,
    tenantId: event.tenantId,
    type: event.type,
    occurredAt: event.createdAt,
    actorId: actor ?? null,
    entityType: entity.type,
    entityId: entity.id,
    properties,
  };
}
