import { defineEvents } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';

/** Everything messaging emits (crm logs `message.sent` as an interaction; analytics counts both). */
export const messagingEvents = defineEvents({
  /** A message was posted in a thread; `recipientIds` are the other participants' user ids. */
  'message.sent': z.object({
    threadId: z.uuid(),
    messageId: z.uuid(),
    senderId: z.uuid(),
    recipientIds: z.array(z.uuid()),
    bookingId: z.uuid().optional(),
  }),
  /** A notification reached a final state on a channel (for analytics' delivery figures). */
  'notification.delivery_finished': z.object({
    notificationId: z.uuid(),
    deliveryId: z.uuid(),
    channel: z.enum(['email', 'sms', 'whatsapp', 'push', 'in_app']),
    status: z.enum(['delivered', 'failed', 'bounced', 'suppressed']),
    eventType: z.string(),
  }),
});
export type MessagingEvents = typeof messagingEvents;
