import type { Tx } from '@dualcontrol/db';
import { notFound } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import type { Channel } from '../../notifications/schema.ts';
import { finishDelivery, suppressAddress } from '../record-delivery.ts';
import { SUPPRESSING_TWILIO_ERRORS } from '../twilio/twilio-sender.ts';

type Found = {
  id: string;
  notification_id: string;
  channel: Channel;
  address: string;
  provider_id: string | null;
  status: string;
  event_type: string;
};

/**
 * A Twilio status callback (already signature-checked), in the school's transaction: the delivery
 * is found by the id we put in the StatusCallback URL, and must be this school's SMS or WhatsApp
 * delivery with the MessageSid Twilio gave us (or none recorded yet: Twilio can call back before
 * the dispatcher wrote it down). delivered / read → delivered; failed / undelivered → failed, and
 * an error code saying the number is unusable suppresses it. Intermediate states change nothing.
 */
export async function receiveTwilioStatus(
  tx: Tx,
  tenantId: string,
  deliveryId: string,
  params: Record<string, string>,
): Promise<{ status: string; changed: boolean }> {
  const sid = params.MessageSid ?? params.SmsSid ?? '';
  const [row] = await tx.execute<Found>(sql`
    select nc.id, nc.notification_id, nc.channel, nc.address, nc.provider_id, nc.status, n.event_type
      from notification_channels nc
      join notifications n on n.tenant_id = nc.tenant_id and n.id = nc.notification_id
     where nc.tenant_id = ${tenantId} and nc.id = ${deliveryId} and nc.channel in ('sms', 'whatsapp')
     for update of nc`);
  if (!row || (row.provider_id !== null && row.provider_id !== sid))
    throw notFound('messaging.delivery_not_found', 'No such SMS or WhatsApp delivery at this school.');
  const ref = {
    tenantId,
    id: row.id,
    notificationId: row.notification_id,
    channel: row.channel,
    eventType: row.event_type,
  };
  const twilioStatus = params.MessageStatus ?? params.SmsStatus ?? '';
  if (row.provider_id === null && sid)
    await tx.execute(sql`update notification_channels set provider_id = ${sid}
                          where tenant_id = ${tenantId} and id = ${row.id}`);
  if (twilioStatus === 'delivered' || twilioStatus === 'read') {
    const changed = await finishDelivery(tx, ref, 'delivered');
    return { status: 'delivered', changed };
  }
  if (twilioStatus === 'failed' || twilioStatus === 'undelivered') {
    const code = Number(params.ErrorCode ?? 0);
    const error = `Twilio ${twilioStatus}${code ? ` (${code})` : ''}`;
    const changed = await finishDelivery(tx, ref, 'failed', { error });
    const reason = SUPPRESSING_TWILIO_ERRORS[code];
    if (reason)
      await suppressAddress(tx, {
        tenantId,
        channel: row.channel,
        address: row.address,
        reason,
        detail: error,
      });
    return { status: 'failed', changed };
  }
  return { status: row.status, changed: false };
}
