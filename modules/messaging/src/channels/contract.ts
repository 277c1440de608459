import type { Channel, RenderedMessage } from '../notifications/schema.ts';

/** One notification_channels row, as the channel dispatcher hands it to a sender. */
export type OutgoingMessage = {
  tenantId: string;
  /** The notification_channels row: a sender may use it as an idempotency key with its provider. */
  deliveryId: string;
  notificationId: string;
  channel: Channel;
  /** Email address, E.164 number, a user_devices id (push), the user's id (in-app). */
  address: string;
  rendered: RenderedMessage;
  /** For branding and callback URLs. */
  school: { slug: string; name: string };
  /** The notification bypasses quiet hours (a device set to "critical only" still gets it). */
  critical?: boolean;
};

/** What a send achieved: `sent` when handed over, `delivered` when the provider confirmed it already. */
export type SendOutcome = { providerId: string | null; status: 'sent' | 'delivered' };

/**
 * A failure that retrying cannot fix (a hard bounce, an unsubscribed number, a gone push
 * subscription). `suppress` puts the address on the school's suppression list; any other error a
 * sender throws is transient and retried with backoff.
 */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly reason: 'bounce' | 'complaint' | 'permanent_failure' | 'unsubscribed',
    readonly suppress = true,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** One channel's way out (SMTP, Twilio SMS/WhatsApp, web push); in-app needs none. */
export interface ChannelSender {
  readonly channel: Exclude<Channel, 'in_app'>;
  send(message: OutgoingMessage): Promise<SendOutcome>;
}
