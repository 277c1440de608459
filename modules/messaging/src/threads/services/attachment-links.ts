import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '@dualcontrol/db';
import type { messageAttachments } from '../schema.ts';
import type { AttachmentView } from './message-view.ts';

/** How long a download link works (like lessons' attachments: a copied link soon stops working). */
export const ATTACHMENT_URL_TTL_SECONDS = 15 * 60;

/** A key for these links only, derived from the application key: no other MAC of the app verifies. */
const signingKey = (key: Buffer) => createHmac('sha256', key).update('messaging:attachment-url:v1').digest();
const mac = (key: Buffer, tenantId: string, attachmentId: string, expires: number) =>
  createHmac('sha256', signingKey(key)).update(`${tenantId}\n${attachmentId}\n${expires}`).digest();

export type SignedLink = { expires: number; signature: string };

export function signAttachment(
  keyring: Keyring,
  tenantId: string,
  attachmentId: string,
  now: Date,
): SignedLink {
  const expires = Math.floor(now.getTime() / 1000) + ATTACHMENT_URL_TTL_SECONDS;
  const key = keyring.keys.get(keyring.current)!;
  return { expires, signature: mac(key, tenantId, attachmentId, expires).toString('base64url') };
}

/** Every key of the ring verifies (rotation keeps live links working); constant-time comparison. */
export function checkAttachmentLink(
  keyring: Keyring,
  tenantId: string,
  attachmentId: string,
  link: SignedLink,
  now: Date,
): 'valid' | 'expired' | 'invalid' {
  const given = Buffer.from(link.signature, 'base64url');
  if (given.length !== 32 || given.toString('base64url') !== link.signature) return 'invalid';
  const genuine = [...keyring.keys.values()].some((key) =>
    timingSafeEqual(mac(key, tenantId, attachmentId, link.expires), given),
  );
  if (!genuine) return 'invalid';
  return link.expires * 1000 <= now.getTime() ? 'expired' : 'valid';
}

type Row = typeof messageAttachments.$inferSelect;

/** Attachments as the API shows them, each with a link signed now for the caller's school. */
export function attachmentViews(
  ctx: { tenantId: string; keyring: Keyring; now: Date },
  rows: Row[],
): AttachmentView[] {
  return rows.map((a) => {
    const link = signAttachment(ctx.keyring, ctx.tenantId, a.id, ctx.now);
    return {
      id: a.id,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      originalName: a.originalName,
      url: `/api/v1/messaging/attachments/${a.id}/content?expires=${link.expires}&signature=${link.signature}`,
      urlExpiresAt: new Date(link.expires * 1000).toISOString(),
    };
  });
}
