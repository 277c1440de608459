import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Application-level encryption for sensitive columns (licence numbers, dates of birth, documents).
 * AES-256-GCM; the key id travels with the ciphertext so keys can be rotated: the first key of the
 * ring encrypts, every key decrypts. `context` (e.g. "<tenantId>:students.licence_number") is bound
 * as associated data, so a ciphertext copied to another row or tenant does not decrypt.
 */
export type Keyring = { current: string; keys: Map<string, Buffer> };

export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',')) {
    const [kid, b64] = part.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!kid || key.length !== 32) throw new Error(`encryption key "${kid}" must be 32 bytes of base64`);
    keys.set(kid, key);
  }
  const current = spec.split(':')[0]!;
  return { current, keys };
}

export function encryptField(ring: Keyring, plaintext: string, context: string): string {
  const key = ring.keys.get(ring.current)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    ring.current,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

// GCM's full tag. Without `authTagLength`, setAuthTag also takes 4-15 byte tags and then checks only
// that many bytes, so a truncated tag would turn a 2^-128 forgery chance into as little as 2^-32.
const TAG_BYTES = 16;

export function decryptField(ring: Keyring, sealed: string, context: string): string {
  const [version, kid, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !kid || !iv || !tag || body === undefined)
    throw new Error('not an encrypted field');
  const key = ring.keys.get(kid);
  if (!key) throw new Error(`unknown encryption key id "${kid}"`);
  const authTag = Buffer.from(tag, 'base64url');
  if (authTag.length !== TAG_BYTES) throw new Error('not an encrypted field: wrong tag length');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
