import { type Database, loginAttempts } from '@dualcontrol/db';
import { and, gt, inArray, lte, sql } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';

export type ThrottleLimits = { perAccount: number; perIp: number; windowMs: number };

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perIp: 30, windowMs: 15 * 60 * 1000 };

/**
 * Failed-login counters per account and per client address (fixed windows), kept in PostgreSQL
 * (`login_attempts`, through the platform role) so that every API process and replica counts
 * the same failures. Each call is one statement of its own, outside the request's transaction:
 * a failure must be counted even though the failed request rolls back.
 */
export class LoginThrottle {
  constructor(
    private readonly platformDb: Database,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  private keys(accountKey: string, ip: string) {
    return [
      { key: `a:${accountKey}`, limit: this.limits.perAccount },
      { key: `i:${ip}`, limit: this.limits.perIp },
    ];
  }

  /** Throws 429 with Retry-After while either key is over its limit. */
  async check(accountKey: string, ip: string, now = new Date()): Promise<void> {
    const keys = this.keys(accountKey, ip);
    const rows = await this.platformDb.db
      .select()
      .from(loginAttempts)
      .where(
        and(
          inArray(
            loginAttempts.key,
            keys.map((k) => k.key),
          ),
          gt(loginAttempts.resetAt, now),
        ),
      );
    for (const { key, limit } of keys) {
      const w = rows.find((r) => r.key === key);
      if (!w || w.failures < limit) continue;
      const retryAfter = Math.ceil((w.resetAt.getTime() - now.getTime()) / 1000);
      throw new AppError('auth.too_many_attempts', {
        status: 429,
        title: 'Too many sign-in attempts',
        detail: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }

  /** Counts a failure against both keys; a window that has ended starts again at 1. */
  async fail(accountKey: string, ip: string, now = new Date()): Promise<void> {
    const resetAt = new Date(now.getTime() + this.limits.windowMs);
    const expired = sql`${loginAttempts.resetAt} <= ${now.toISOString()}::timestamptz`;
    await this.platformDb.db
      .insert(loginAttempts)
      .values(this.keys(accountKey, ip).map(({ key }) => ({ key, failures: 1, resetAt })))
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`case when ${expired} then 1 else ${loginAttempts.failures} + 1 end`,
          resetAt: sql`case when ${expired} then excluded.reset_at else ${loginAttempts.resetAt} end`,
        },
      });
    // Ended windows are litter; sweeping now and then keeps the table small.
    if (Math.random() < 0.01)
      await this.platformDb.db.delete(loginAttempts).where(lte(loginAttempts.resetAt, now));
  }

  async succeed(accountKey: string): Promise<void> {
    await this.platformDb.db.delete(loginAttempts).where(inArray(loginAttempts.key, [`a:${accountKey}`]));
  }
}
