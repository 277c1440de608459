import { defineEvents, type EventSubscription, subscribe } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { fanOut } from './notifications/fan-out.ts';
import { notifiedEventTypes } from './rules/catalog.ts';

/**
 * The events messaging turns into notifications, by type. Their payloads were checked against
 * their module's catalog when emitted (emitEvent is strict); here they pass through whole, so
 * messaging needs none of those modules at run time (rules/catalog.ts is typed from them).
 */
const notified = defineEvents(
  Object.fromEntries(notifiedEventTypes().map((type) => [type, z.looseObject({})])),
);

/**
 * One handler fans every notified event out to its recipients (notifications/fan-out.ts). The
 * dispatcher delivers at least once and dedupes per (event, handler); the (event, recipient) key
 * makes even a repeat that slips past that a no-op.
 */
export function messagingSubscriptions(): EventSubscription[] {
  return [
    subscribe({
      id: 'messaging.notify',
      events: Object.values(notified),
      async handle(event, { tx, log }) {
        const result = await fanOut(tx, event);
        if (result.notifications > 0) log.info('notifications created', { type: event.type, ...result });
      },
    }),
  ];
}
