import { type Database, systemActor } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import webpush from 'web-push';
import {
  type ChannelSender,
  type OutgoingMessage,
  PermanentDeliveryError,
  type SendOutcome,
} from '../contract.ts';
import { SkipDelivery } from '../skip.ts';
import type { VapidKeys } from './vapid-keys.ts';

export type PushSenderOptions = {
  /** App role: the device is read (and a gone one removed) in the school's own transaction. */
  db: Database;
  vapid: VapidKeys;
  /** Seconds a push service keeps an undelivered message (a phone that is off). */
  ttlSeconds?: number;
  timeoutMs?: number;
};

/** What the service worker's `push` handler receives (apps/portal/public/sw.js). */
export type PushPayload = { title: string; body: string; url?: string; tag: string; notificationId: string };

type Device = {
  endpoint: string;
  keys: Record<string, string>;
  muted: boolean | null;
  critical_only: boolean | null;
};

/**
 * Web push (RFC 8030) with VAPID (RFC 8292) and an aes128gcm-encrypted payload (RFC 8291), built
 * by `web-push` and posted with fetch. The address is a user_devices id. A push service that
 * answers 404/410 says the subscription is gone: the device is removed and the delivery failed,
 * without suppressing anything (the person's other devices and channels are unaffected). The
 * Topic header is the delivery id, so a message sent twice replaces itself on the push service.
 */
export function createPushSender(options: PushSenderOptions): ChannelSender {
  const vapidDetails = {
    subject: options.vapid.subject,
    publicKey: options.vapid.publicKey,
    privateKey: options.vapid.privateKey,
  };
  return {
    channel: 'push',
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const [device] = await options.db.withTenant(message.tenantId, systemActor, (tx) =>
        tx.execute<Device>(sql`
          select d.endpoint, d.keys, s.muted, s.critical_only
            from user_devices d
            left join device_settings s on s.tenant_id = d.tenant_id and s.device_id = d.id
           where d.tenant_id = ${message.tenantId} and d.id = ${message.address} and d.kind = 'web_push'`),
      );
      if (!device) throw new PermanentDeliveryError('the device was removed', 'permanent_failure', false);
      if (device.muted) throw new SkipDelivery('the device is muted');
      if (device.critical_only && !message.critical)
        throw new SkipDelivery('the device takes critical notifications only');
      const payload: PushPayload = {
        title: message.rendered.subject,
        body: message.rendered.text,
        ...(message.rendered.url ? { url: message.rendered.url } : {}),
        tag: message.notificationId,
        notificationId: message.notificationId,
      };
      const request = webpush.generateRequestDetails(
        {
          endpoint: device.endpoint,
          keys: { p256dh: device.keys.p256dh ?? '', auth: device.keys.auth ?? '' },
        },
        JSON.stringify(payload),
        {
          vapidDetails,
          TTL: options.ttlSeconds ?? 24 * 3600,
          urgency: message.critical ? 'high' : 'normal',
          topic: message.deliveryId.replaceAll('-', ''),
          contentEncoding: 'aes128gcm',
        },
      );
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ? Uint8Array.from(request.body) : null,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 404 || res.status === 410) {
        await options.db.withTenant(message.tenantId, systemActor, (tx) =>
          tx.execute(
            sql`delete from user_devices where tenant_id = ${message.tenantId} and id = ${message.address}`,
          ),
        );
        throw new PermanentDeliveryError(
          `push subscription gone (${res.status}): device removed`,
          'permanent_failure',
          false,
        );
      }
      if (res.status === 400 || res.status === 403 || res.status === 413)
        throw new PermanentDeliveryError(
          `push service refused the message (${res.status})`,
          'permanent_failure',
          false,
        );
      if (!res.ok) throw new Error(`push service answered ${res.status}`);
      return { providerId: res.headers.get('location'), status: 'sent' };
    },
  };
}
