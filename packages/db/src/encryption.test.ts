import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, parseKeyring } from './encryption.ts';

const key = () => randomBytes(32).toString('base64');

describe('field encryption', () => {
  const ring = parseKeyring(`k2:${key()},k1:${key()}`);

  it('round-trips, with the key id beside a fresh IV every time', () => {
    const a = encryptField(ring, 'DRIVER123456AB9CD', 'tenant-1:students.licence_number');
    const b = encryptField(ring, 'DRIVER123456AB9CD', 'tenant-1:students.licence_number');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.k2.')).toBe(true);
    expect(decryptField(ring, a, 'tenant-1:students.licence_number')).toBe('DRIVER123456AB9CD');
  });

  it('refuses a ciphertext moved to another tenant or column', () => {
    const sealed = encryptField(ring, '1990-02-29', 'tenant-1:students.date_of_birth');
    expect(() => decryptField(ring, sealed, 'tenant-2:students.date_of_birth')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = encryptField(ring, 'secret', 'ctx');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptField(ring, parts.join('.'), 'ctx')).toThrow();
  });

  // GCM checks only as many tag bytes as it is given: a 4-byte tag is a 1-in-2^32 forgery, so a
  // sealed value whose tag was cut short must be refused even though its prefix is genuine.
  it.each([4, 8, 12])('refuses a ciphertext whose tag was cut to %i bytes', (bytes) => {
    const sealed = encryptField(ring, 'DRIVER123456AB9CD', 'ctx');
    const parts = sealed.split('.');
    parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, bytes).toString('base64url');
    expect(() => decryptField(ring, parts.join('.'), 'ctx')).toThrow();
  });

  it('refuses a ciphertext with one byte of its body or tag flipped', () => {
    const sealed = encryptField(ring, 'DRIVER123456AB9CD', 'ctx');
    for (const index of [3, 4]) {
      const parts = sealed.split('.');
      const bytes = Buffer.from(parts[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      parts[index] = bytes.toString('base64url');
      expect(() => decryptField(ring, parts.join('.'), 'ctx')).toThrow();
    }
  });

  it('decrypts with an older key after rotation', () => {
    const old = parseKeyring(`k1:${key()}`);
    const sealed = encryptField(old, 'kept', 'ctx');
    const rotated = parseKeyring(`k9:${key()},k1:${old.keys.get('k1')!.toString('base64')}`);
    expect(decryptField(rotated, sealed, 'ctx')).toBe('kept');
    expect(encryptField(rotated, 'new', 'ctx').split('.')[1]).toBe('k9');
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => parseKeyring('short:AAAA')).toThrow(/32 bytes/);
  });
});
