// What a rate-limit check costs on its own: the one upsert on the platform pool, timed against a
// trivial `select 1` round trip on the same pool (the floor any statement pays). Not part of
// `npm run bench`; run it with `npx tsx bench/rate-limit-micro.ts` in apps/api.
import { connectDatabase } from '@dualcontrol/db';
import { RateLimiter } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { startBenchDatabase } from './bench-database.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const bench = await startBenchDatabase({ prefix: 'dualcontrol-ratelimit-bench-' });
const platformDb = connectDatabase(bench.env.DATABASE_PLATFORM_URL!, { max: 5 });
try {
  const limiter = new RateLimiter(platformDb, 1_000_000);
  const timed = async (label: string, fn: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 200; i += 1) await fn(i); // warm-up: connections, prepared statements
    const started = performance.now();
    for (let i = 0; i < N; i += 1) await fn(i);
    const us = ((performance.now() - started) * 1000) / N;
    console.log(`${label.padEnd(52)} ${us.toFixed(0).padStart(6)} µs per call (n=${N}, sequential)`);
  };
  await timed('select 1 (round-trip floor)', () => platformDb.db.execute(sql`select 1`));
  await timed('rate limit, one hot key (a user hammering)', () =>
    limiter.hit([{ key: 'user.read:u:hot', limit: 1200, windowSeconds: 60 }]),
  );
  await timed('rate limit, a new key each call (many users)', (i) =>
    limiter.hit([{ key: `user.read:u:${i}`, limit: 1200, windowSeconds: 60 }]),
  );
  await timed('rate limit, two keys (password reset)', (i) =>
    limiter.hit([
      { key: 'auth.password-reset:a:203.0.113.1', limit: 10, windowSeconds: 3600 },
      { key: `auth.password-reset.target:e:t:${i % 50}@x.test`, limit: 3, windowSeconds: 3600 },
    ]),
  );
  // 8 in parallel on one key: row-lock contention across requests of one user.
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = 0; i < N / 8; i += 1)
        await limiter.hit([{ key: 'user.read:u:contended', limit: 1200, windowSeconds: 60 }]);
    }),
  );
  console.log(
    `${'rate limit, one key, 8 concurrent callers'.padEnd(52)} ${(((performance.now() - started) * 1000) / N).toFixed(0).padStart(6)} µs per call (throughput, n=${N})`,
  );
} finally {
  await platformDb.close();
  await bench.stop();
}
