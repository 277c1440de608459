import { defineConfig } from 'vitest/config';

// Pure unit tests only: suites that need PostgreSQL live in tests/ and the apps (the harness
// package depends on this one, so it cannot be used here without a cycle).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
