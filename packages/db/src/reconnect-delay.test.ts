import { describe, expect, it } from 'vitest';
import { reconnectDelaySeconds } from './client.ts';

describe('reconnectDelaySeconds', () => {
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
});
