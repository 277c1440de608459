import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  const limits = { perAccount: 3, perIp: 5, windowMs: 60_000 };

  it('blocks an account after its limit, with Retry-After until the window ends, then lets it go', () => {
    const t = new LoginThrottle(limits);
    for (let i = 0; i < 3; i += 1) t.fail('acct', `ip${i}`, 1000);
    try {
      t.check('acct', 'fresh-ip', 31_000);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(429);
      expect((error as AppError).headers['Retry-After']).toBe('30');
    }
    expect(() => t.check('acct', 'fresh-ip', 61_001)).not.toThrow();
  });

  it('a success clears the account counter but not the address counter', () => {
    const t = new LoginThrottle(limits);
    for (let i = 0; i < 2; i += 1) t.fail('acct', 'ip', 0);
    t.succeed('acct');
    t.fail('acct', 'ip', 0);
    expect(() => t.check('acct', 'ip', 0)).not.toThrow();
    t.fail('other', 'ip', 0);
    t.fail('other', 'ip', 0);
    expect(() => t.check('third', 'ip', 0)).toThrow(AppError);
  });
});
