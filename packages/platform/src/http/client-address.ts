import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Env } from '@dualcontrol/config';
import type { Context } from 'hono';

/** The headers the portal sends with every API call it makes on behalf of a browser. */
export const PORTAL_SECRET_HEADER = 'x-portal-secret';
export const CLIENT_ADDRESS_HEADER = 'x-client-address';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant time whatever the lengths (both sides hashed first), so the secret leaks nothing by timing. */
function isPortalSecret(given: string | undefined, secret: string | undefined): boolean {
  if (!given || !secret) return false;
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * The address throttles and rate limits key on. The portal calls the API from one address for
 * every browser, so, when it proves itself with the shared secret (PORTAL_API_SECRET), the
 * browser's address it names is believed; anyone else's X-Client-Address is ignored. Behind a
 * proxy (TRUST_PROXY) the first X-Forwarded-For entry; otherwise the socket's peer.
 */
export function clientAddress(c: Context, env: Pick<Env, 'PORTAL_API_SECRET' | 'TRUST_PROXY'>): string {
  if (isPortalSecret(c.req.header(PORTAL_SECRET_HEADER), env.PORTAL_API_SECRET)) {
    const named = c.req.header(CLIENT_ADDRESS_HEADER)?.trim();
    if (named && isIP(named)) return named;
  }
  const forwarded = env.TRUST_PROXY ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  const socketIp = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
    ?.socket?.remoteAddress;
  return forwarded || socketIp || 'unknown';
}
