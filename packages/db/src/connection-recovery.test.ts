import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CONNECT_TIMEOUT_SECONDS, connectDatabase, reconnectDelaySeconds } from './client.ts';

describe('reconnecting after an outage', () => {
  it('grows from tens of milliseconds and never passes one second, however many attempts failed', () => {
    for (let attempt = 0; attempt <= 60; attempt += 1) {
      const delay = reconnectDelaySeconds(attempt);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(1);
    }
    expect(reconnectDelaySeconds(0)).toBeLessThanOrEqual(0.05);
    // Jitter: a pool's connections do not all come back in the same instant.
    expect(new Set(Array.from({ length: 20 }, () => reconnectDelaySeconds(30))).size).toBeGreaterThan(1);
  });

  it('gives up on a server that accepts the connection and never answers after the connect timeout, not 30 s', async () => {
    // What a PostgreSQL in start-up can look like to the driver (porsager/postgres#1193).
    const silent = createServer(() => {});
    await new Promise<void>((ready) => silent.listen(0, '127.0.0.1', ready));
    const { port } = silent.address() as AddressInfo;
    const db = connectDatabase(`postgres://nobody:secret@127.0.0.1:${port}/none`, { max: 1 });
    const started = performance.now();
    try {
      const error = await db.sql`select 1`.then(
        () => undefined,
        (e: unknown) => e,
      );
      const seconds = (performance.now() - started) / 1000;
      expect((error as { code?: string }).code).toBe('CONNECT_TIMEOUT');
      expect(seconds).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_SECONDS - 0.5);
      expect(seconds).toBeLessThan(CONNECT_TIMEOUT_SECONDS + 3);
    } finally {
      await db.close().catch(() => {});
      silent.close();
    }
  }, 20_000);
});
