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
