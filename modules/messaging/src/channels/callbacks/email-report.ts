import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Tx } from '@dualcontrol/db';
import { notFound } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Channel } from '../../notifications/schema.ts';
import { finishDelivery, suppressAddress } from '../record-delivery.ts';

/**
 * What a mail relay reports about a message after accepting it (a DSN or feedback-loop report,
 * reduced to what we act on). `messageId` is the Message-ID we sent (our providerId).
 */
export const EmailReportSchema = z
  .strictObject({
    type: z.enum(['bounce', 'complaint']),
    messageId: z.string().min(3).max(300),
    recipient: z.email().optional(),
    /** RFC 3463 status of a bounce, e.g. 5.1.1; a 4.x.x (soft) bounce is ignored. */
    status: z
      .string()
      .regex(/^[245]\.\d{1,3}\.\d{1,3}$/)
      .optional(),
    diagnostic: z.string().max(1000).optional(),
  })
  .openapi('EmailDeliveryReport');
export type EmailReport = z.infer<typeof EmailReportSchema>;

/** Reports older than this are refused (a captured request cannot be replayed later). */
export const REPORT_TOLERANCE_SECONDS = 300;

/**
 * `X-Dualcontrol-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
 * the scheme Stripe's webhooks use: the raw bytes are signed, with a timestamp against replay.
 */
export function signEmailReport(
  secret: string | Buffer,
  rawBody: string,
  at = Math.floor(Date.now() / 1000),
) {
  const mac = createHmac('sha256', secret).update(`${at}.${rawBody}`).digest('hex');
  return `t=${at},v1=${mac}`;
}

export function verifyEmailReport(
  secret: string | Buffer,
  rawBody: string,
  header: string | undefined,
  now = Math.floor(Date.now() / 1000),
): 'ok' | 'missing' | 'invalid' | 'stale' {
  if (!header) return 'missing';
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const at = Number(parts.t);
  if (!Number.isInteger(at) || !parts.v1) return 'invalid';
  const expected = Buffer.from(createHmac('sha256', secret).update(`${at}.${rawBody}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  if (Math.abs(now - at) > REPORT_TOLERANCE_SECONDS) return 'stale';
  return 'ok';
}

const normaliseMessageId = (id: string) => {
  const bare = id.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
};

/**
 * A bounce marks the email delivery bounced and suppresses its address; a complaint (the person
 * marked it as spam: it was delivered) marks it delivered and suppresses the address too. Only
 * this school's email deliveries are found (the host names the school; RLS holds the rest).
 */
export async function receiveEmailReport(
  tx: Tx,
  tenantId: string,
  report: EmailReport,
): Promise<{ deliveryId: string; status: string; changed: boolean }> {
  const [row] = await tx.execute<{
    id: string;
    notification_id: string;
    channel: Channel;
    address: string;
    status: string;
    event_type: string;
  }>(sql`
    select nc.id, nc.notification_id, nc.channel, nc.address, nc.status, n.event_type
      from notification_channels nc
      join notifications n on n.tenant_id = nc.tenant_id and n.id = nc.notification_id
     where nc.tenant_id = ${tenantId} and nc.channel = 'email'
       and nc.provider_id = ${normaliseMessageId(report.messageId)}
     for update of nc`);
  if (!row) throw notFound('messaging.delivery_not_found', 'No email with this Message-ID at this school.');
  const ref = {
    tenantId,
    id: row.id,
    notificationId: row.notification_id,
    channel: row.channel,
    eventType: row.event_type,
  };
  if (report.type === 'bounce' && report.status?.startsWith('4'))
    return { deliveryId: row.id, status: row.status, changed: false }; // soft: the relay retries itself
  const detail = [report.status, report.diagnostic].filter(Boolean).join(' ') || report.type;
  const status = report.type === 'bounce' ? 'bounced' : 'delivered';
  const changed = await finishDelivery(tx, ref, status, { error: `${report.type}: ${detail}` });
  await suppressAddress(tx, {
    tenantId,
    channel: 'email',
    address: row.address,
    reason: report.type,
    detail,
  });
  return { deliveryId: row.id, status, changed };
}
