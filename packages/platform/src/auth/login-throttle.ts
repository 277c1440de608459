import { type Database, loginAttempts } from '@dualcontrol/db';
import { lte, sql } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';

export type ThrottleLimits = { perAccount: number; perIp: number; windowMs: number };

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perIp: 30, windowMs: 15 * 60 * 1000 };

/**
 * Sign-in attempts per account (at a school, or an operator) and per client address, in fixed
 * windows, kept in PostgreSQL (`login_attempts`, through the platform role) so that every API
 * process and replica counts the same attempts. Each call is one statement of its own, outside
 * the request's transaction: an attempt must count even though the failed request rolls back.
 *
 * An attempt is reserved before the password is checked, in one atomic upsert that returns the
 * new counts: a burst of parallel guesses cannot all pass a read-then-write check, so at most
 * `limit` of them ever reach the (deliberately slow) password hash. A success gives its
 * reservation back, so only failures stay counted.
 */
export class LoginThrottle {
  constructor(
    private readonly platformDb: Database,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /** Always in this order ('a:' < 'i:'), so two reservations never wait on each other's rows crosswise. */
  private keys(accountKey: string, ip: string) {
    return [
      { key: `a:${accountKey}`, limit: this.limits.perAccount },
      { key: `i:${ip}`, limit: this.limits.perIp },
    ];
  }

  /**
   * Counts this attempt against both keys (a window that has ended starts again at 1) and throws
   * 429 with Retry-After when either is over its limit: the caller must not check the password.
   */
  async reserve(accountKey: string, ip: string, now = new Date()): Promise<void> {
    const keys = this.keys(accountKey, ip);
    const resetAt = new Date(now.getTime() + this.limits.windowMs);
    const expired = sql`${loginAttempts.resetAt} <= ${now.toISOString()}::timestamptz`;
    const rows = await this.platformDb.db
      .insert(loginAttempts)
      .values(keys.map(({ key }) => ({ key, failures: 1, resetAt })))
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`case when ${expired} then 1 else ${loginAttempts.failures} + 1 end`,
          resetAt: sql`case when ${expired} then excluded.reset_at else ${loginAttempts.resetAt} end`,
        },
      })
      .returning();
    // Ended windows are litter; sweeping now and then keeps the table small.
    if (Math.random() < 0.01)
      await this.platformDb.db.delete(loginAttempts).where(lte(loginAttempts.resetAt, now));
    for (const { key, limit } of keys) {
      const w = rows.find((r) => r.key === key);
      if (!w || w.failures <= limit) continue;
      const retryAfter = Math.max(1, Math.ceil((w.resetAt.getTime() - now.getTime()) / 1000));
      throw new AppError('auth.too_many_attempts', {
        status: 429,
        title: 'Too many sign-in attempts',
        detail: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }

  /**
   * The password was right: the account's count starts again, and the address gives back this
   * attempt's reservation (one statement). A failure needs no call: its reservation stays.
   */
  async succeed(accountKey: string, ip: string): Promise<void> {
    const [account, address] = this.keys(accountKey, ip).map((k) => k.key);
    await this.platformDb.db.execute(sql`with cleared as (delete from ${loginAttempts} where ${loginAttempts.key} = ${account})
      update ${loginAttempts} set failures = greatest(${loginAttempts.failures} - 1, 0) where ${loginAttempts.key} = ${address}`);
  }
}
