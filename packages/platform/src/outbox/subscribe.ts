import type { z } from '@hono/zod-openapi';
import type { EventSubscription } from '../modules/contract.ts';
import { type EventDefinition, parseEventPayload } from './catalog.ts';

/** An event as a typed subscription receives it: one member per subscribed type, payload parsed. */
export type DeliveredEvent<E extends EventDefinition> =
  E extends EventDefinition<infer T, infer S>
    ? { id: string; tenantId: string; type: T; payload: z.output<S>; createdAt: Date }
    : never;

type HandlerContext = Parameters<EventSubscription['handle']>[1];

/**
 * A subscription typed from event definitions (its own module's catalog, or the public catalog of
 * a module it depends on). The dispatcher still delivers raw rows; this parses each payload with
 * its event's schema (unknown fields are dropped, so an older consumer tolerates a newer producer)
 * and hands the handler a union it can narrow on `event.type`. A payload that does not parse is a
 * bug: the handler throws, and the dispatcher keeps the event for a retry and logs why.
 */
export function subscribe<const E extends readonly EventDefinition[]>(subscription: {
  /** Stable handler id: deliveries are deduplicated per (event, handler). */
  id: string;
  events: E;
  handle(event: DeliveredEvent<E[number]>, ctx: HandlerContext): Promise<void>;
}): EventSubscription {
  const byType = new Map<string, EventDefinition>(subscription.events.map((e) => [e.type, e]));
  return {
    id: subscription.id,
    events: [...byType.keys()],
    async handle(event, ctx) {
      const definition = byType.get(event.type);
      if (!definition)
        throw new Error(`${subscription.id} does not handle ${event.type} (event ${event.id})`);
      const payload = parseEventPayload(event.type, definition.schema, event.payload, `${event.id} payload`);
      // The cast joins what the map lookup proved at run time: this payload belongs to this type.
      await subscription.handle({ ...event, payload } as DeliveredEvent<E[number]>, ctx);
    },
  };
}
