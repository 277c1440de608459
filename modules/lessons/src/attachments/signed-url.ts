import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '@dualcontrol/db';

/** How long a minted download link works. Short: a link copied out of a page soon stops working. */
export const ATTACHMENT_URL_TTL_SECONDS = 15 * 60;

/**
 * The signing key for download links, derived from one application key (ENCRYPTION_KEYS) for this
 * purpose only: a signature made here can never be replayed as any other of the app's MACs.
 */
const signingKey = (key: Buffer) => createHmac('sha256', key).update('lessons:attachment-url:v1').digest();

const mac = (key: Buffer, tenantId: string, attachmentId: string, expires: number) =>
  createHmac('sha256', signingKey(key)).update(`${tenantId}\n${attachmentId}\n${expires}`).digest();

export type SignedLink = { expires: number; signature: string };

/** A signature over (school, attachment, expiry), with the current key. */
export function signAttachment(
  keyring: Keyring,
  tenantId: string,
  attachmentId: string,
  now: Date,
  ttlSeconds = ATTACHMENT_URL_TTL_SECONDS,
): SignedLink {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const key = keyring.keys.get(keyring.current)!;
  return { expires, signature: mac(key, tenantId, attachmentId, expires).toString('base64url') };
}

export type LinkCheck = 'valid' | 'expired' | 'invalid';

/**
 * Whether a link is good now. Every key of the ring is tried (a link signed just before a key
 * rotation keeps working until it expires); the comparison takes the same time whatever matches.
 * A tampered expiry fails the signature, so "expired" is only said of links we signed.
 */
export function checkAttachmentLink(
  keyring: Keyring,
  tenantId: string,
  attachmentId: string,
  link: { expires: number; signature: string },
  now: Date,
): LinkCheck {
  const given = Buffer.from(link.signature, 'base64url');
  if (given.length !== 32 || given.toString('base64url') !== link.signature) return 'invalid';
  const genuine = [...keyring.keys.values()].some((key) =>
    timingSafeEqual(mac(key, tenantId, attachmentId, link.expires), given),
  );
  if (!genuine) return 'invalid';
  return link.expires * 1000 <= now.getTime() ? 'expired' : 'valid';
}

/** The download path of an attachment, signed for the school it belongs to. */
export function attachmentUrl(lessonId: string, attachmentId: string, link: SignedLink): string {
  return `/api/v1/lessons/${lessonId}/attachments/${attachmentId}/content?expires=${link.expires}&signature=${link.signature}`;
}
