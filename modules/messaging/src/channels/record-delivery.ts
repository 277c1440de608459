import type { Tx } from '@dualcontrol/db';
import { emitEvent } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { messagingEvents } from '../events.ts';
import type { Channel, ChannelStatus } from '../notifications/schema.ts';

/** States a delivery does not leave (a later callback may still turn `sent` into one of these). */
export const FINAL_STATUSES = ['delivered', 'failed', 'bounced', 'suppressed'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export const isFinal = (s: string): s is FinalStatus => (FINAL_STATUSES as readonly string[]).includes(s);

/**
 * How far along a status is: a callback or a late dispatcher write never moves a delivery back
 * (a Twilio "delivered" that arrives before the dispatcher recorded "sent" stays delivered).
 */
export const STATUS_RANK: Record<ChannelStatus, number> = {
  pending: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  skipped: 4,
  failed: 4,
  bounced: 4,
  suppressed: 4,
};

/**
 * The notification's status from all its channels: the best outcome wins (delivered, then sent),
 * a notification with channels still going stays pending, and only when every channel ended
 * badly is it bounced / failed / suppressed. `read` is the person's, never overwritten.
 */
export async function rollUpNotification(tx: Tx, tenantId: string, notificationId: string): Promise<void> {
  await rollUpNotifications(tx, tenantId, [notificationId]);
}

/** The same for many notifications in one statement (the dispatcher's batched records). */
export async function rollUpNotifications(
  tx: Tx,
  tenantId: string,
  notificationIds: string[],
): Promise<void> {
  if (notificationIds.length === 0) return;
  await tx.execute(sql`
    update notifications n set status = r.status, updated_at = now()
      from (select notification_id,
                   case
                     when bool_or(status = 'delivered') then 'delivered'
                     when bool_or(status = 'sent') then 'sent'
                     when bool_or(status in ('pending', 'sending')) then 'pending'
                     when bool_or(status = 'bounced') then 'bounced'
                     when bool_or(status = 'failed') then 'failed'
                     else 'suppressed' end as status
              from notification_channels
             where tenant_id = ${tenantId}
               and notification_id in (select jsonb_array_elements_text(${JSON.stringify(notificationIds)}::jsonb)::uuid)
             group by notification_id) r
     where n.tenant_id = ${tenantId} and n.id = r.notification_id
       and n.status <> 'read' and n.status is distinct from r.status`);
}

/** Puts an address on the school's suppression list for a channel (first reason kept). */
export async function suppressAddress(
  tx: Tx,
  input: { tenantId: string; channel: Channel; address: string; reason: string; detail?: string | null },
): Promise<void> {
  await tx.execute(sql`
    insert into notification_suppressions (tenant_id, channel, address, reason, detail)
    values (${input.tenantId}, ${input.channel}, ${input.address}, ${input.reason}, ${input.detail?.slice(0, 1000) ?? null})
    on conflict do nothing`);
}

export type DeliveryRef = {
  tenantId: string;
  id: string;
  notificationId: string;
  channel: Channel;
  eventType: string;
};

/**
 * Moves a delivery to a final status (never backwards: a row already final is left alone) and,
 * when it moved, emits `notification.delivery_finished` and rolls the notification up — all in
 * the caller's transaction. Returns whether it moved.
 */
export async function finishDelivery(
  tx: Tx,
  ref: DeliveryRef,
  status: FinalStatus,
  detail: { error?: string | null; providerId?: string | null } = {},
): Promise<boolean> {
  const stamp =
    status === 'delivered'
      ? sql`delivered_at = now(),`
      : status === 'suppressed'
        ? sql``
        : sql`failed_at = now(),`;
  const moved = await tx.execute<{ id: string }>(sql`
    update notification_channels
       set status = ${status}, ${stamp}
           last_error = coalesce(${detail.error ?? null}, last_error),
           provider_id = coalesce(provider_id, ${detail.providerId ?? null}),
           claimed_until = null, updated_at = now()
     where tenant_id = ${ref.tenantId} and id = ${ref.id}
       and status not in ('delivered', 'failed', 'bounced', 'suppressed', 'skipped')
    returning id`);
  if (moved.length === 0) return false;
  await emitEvent(tx, ref.tenantId, messagingEvents['notification.delivery_finished'], {
    notificationId: ref.notificationId,
    deliveryId: ref.id,
    channel: ref.channel,
    status,
    eventType: ref.eventType,
  });
  await rollUpNotification(tx, ref.tenantId, ref.notificationId);
  return true;
}
