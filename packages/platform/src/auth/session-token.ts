import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Sliding expiry: a session used in its second half is pushed out to a full TTL again. */
export const SESSION_RENEW_BELOW_MS = SESSION_TTL_MS / 2;

export const USER_SESSION_COOKIE = 'dc_session';
export const OPERATOR_SESSION_COOKIE = 'dc_operator_session';

/** 160 random bits; only the client ever holds the token. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database stores: a leaked sessions table cannot be replayed. */
export const sessionIdFromToken = (token: string): string =>
  encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export const freshExpiry = (now = Date.now()) => new Date(now + SESSION_TTL_MS);
