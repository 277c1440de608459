import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

// argon2id (the library default) with OWASP's minimum parameters: ~20 ms per hash here.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PasswordSchema = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a crash
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}
