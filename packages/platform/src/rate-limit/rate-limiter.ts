import { type Database, rateLimitCounters } from '@dualcontrol/db';
import { lte, sql } from 'drizzle-orm';

export type RateLimitHit = { key: string; limit: number; windowSeconds: number };
export type RateLimitCount = RateLimitHit & { hits: number; resetAt: Date };

/**
 * Counts hits in PostgreSQL (`rate_limit_counters`, platform role): one atomic
 * `insert … on conflict do update … returning` per request, however many budgets it spends, so
 * every API process and replica shares each budget and parallel requests cannot both slip under
 * a limit. It runs on the platform pool, outside the request's transaction, so a request that
 * is refused or rolls back has still spent its hit.
 */
export class RateLimiter {
  #calls = 0;

  constructor(
    private readonly platformDb: Database,
    /** RATE_LIMIT_SCALE: every limit is multiplied by it (never below 1). */
    readonly scale = 1,
  ) {}

  scaled(limit: number): number {
    return Math.max(1, Math.round(limit * this.scale));
  }

  async hit(hits: RateLimitHit[], now = new Date()): Promise<RateLimitCount[]> {
    if (!hits.length) return [];
    // One order for every caller, so two requests spending the same keys never lock them crosswise.
    const sorted = [...hits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const expired = sql`${rateLimitCounters.resetAt} <= ${now.toISOString()}::timestamptz`;
    const rows = await this.platformDb.db
      .insert(rateLimitCounters)
      .values(
        sorted.map((h) => ({
          key: h.key,
          hits: 1,
          resetAt: new Date(now.getTime() + h.windowSeconds * 1000),
        })),
      )
      .onConflictDoUpdate({
        target: rateLimitCounters.key,
        set: {
          hits: sql`case when ${expired} then 1 else ${rateLimitCounters.hits} + 1 end`,
          resetAt: sql`case when ${expired} then excluded.reset_at else ${rateLimitCounters.resetAt} end`,
        },
      })
      .returning();
    // Ended windows are litter: every thousandth call of a process sweeps them (not awaited).
    this.#calls += 1;
    if (this.#calls % 1000 === 0)
      void this.platformDb.db
        .delete(rateLimitCounters)
        .where(lte(rateLimitCounters.resetAt, now))
        .catch(() => {});
    return sorted.map((h) => {
      const row = rows.find((r) => r.key === h.key)!;
      return { ...h, hits: row.hits, resetAt: row.resetAt };
    });
  }
}
