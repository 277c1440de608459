import { afterEach, beforeEach, vi } from 'vitest';

/**
 * `console.error` during a test is a failure unless the test expects it (it can
 * `vi.mocked(console.error).mockClear()` after asserting on the call).
 */
beforeEach(() => {
  vi.spyOn(console, 'error');
});

afterEach(() => {
  const calls = vi.mocked(console.error).mock.calls;
  vi.mocked(console.error).mockRestore();
  if (calls.length)
    throw new Error(`console.error was called during the test:\n${calls.map((c) => c.join(' ')).join('\n')}`);
});
