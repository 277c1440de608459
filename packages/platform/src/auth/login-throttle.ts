import { AppError } from '../errors/app-error.ts';

type Window = { failures: number; resetAt: number };

export type ThrottleLimits = { perAccount: number; perIp: number; windowMs: number };

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perIp: 30, windowMs: 15 * 60 * 1000 };

/**
 * Failed-login counters per account and per client address (fixed windows). Kept in process
 * memory: enough for one API replica; several replicas want a shared store (see the README).
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: ThrottleLimits = DEFAULT_THROTTLE) {}

  /** Throws 429 with Retry-After while either key is over its limit. */
  check(accountKey: string, ip: string, now = Date.now()): void {
    for (const [key, limit] of [
      [`a:${accountKey}`, this.limits.perAccount],
      [`i:${ip}`, this.limits.perIp],
    ] as const) {
      const w = this.windows.get(key);
      if (w && w.resetAt > now && w.failures >= limit) {
        const retryAfter = Math.ceil((w.resetAt - now) / 1000);
        throw new AppError('auth.too_many_attempts', {
          status: 429,
          title: 'Too many sign-in attempts',
          detail: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
    }
  }

  fail(accountKey: string, ip: string, now = Date.now()): void {
    for (const key of [`a:${accountKey}`, `i:${ip}`]) {
      const w = this.windows.get(key);
      if (!w || w.resetAt <= now) this.windows.set(key, { failures: 1, resetAt: now + this.limits.windowMs });
      else w.failures += 1;
    }
    if (this.windows.size > 100_000) this.sweep(now);
  }

  succeed(accountKey: string): void {
    this.windows.delete(`a:${accountKey}`);
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
