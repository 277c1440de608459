import { fileURLToPath } from 'node:url';
import { isClosedSocketWrite } from '@dualcontrol/db';
import { defineConfig } from 'vitest/config';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * The one vitest setup of every workspace: real PostgreSQL (and Temporal and the Stripe stand-in when asked), results
 * written as JSON for the CI summary line, console.error treated as a failure.
 */
export function dualcontrolTestConfig(
  options: { postgres?: boolean; temporal?: boolean; stripe?: boolean; globalSetup?: string[] } = {},
) {
  const globalSetup = [
    ...(options.postgres === false ? [] : [here('./global-setup-postgres.ts')]),
    ...(options.temporal ? [here('./global-setup-temporal.ts')] : []),
    ...(options.stripe ? [here('./global-setup-stripe.ts')] : []),
    // A workspace's own one-off preparation (e.g. tests/ builds the portal once for every e2e file).
    ...(options.globalSetup ?? []),
  ];
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', '*.test.ts', '**/*.test.ts'],
      exclude: ['**/node_modules/**'],
      globalSetup,
      setupFiles: [here('./fail-on-console-error.ts')],
      // postgres.js 3.4.9's stray write to a closed socket when a server restarts (the fault drills
      // do): a driver bug our processes survive (packages/db/src/closed-socket-write.ts). Any other
      // uncaught error still fails the run.
      onUnhandledError: (error) => !isClosedSocketWrite(error),
      // A second run of the API suite against N API processes keeps its own report beside the first.
      reporters: [
        'default',
        [
          'json',
          {
            outputFile: process.env.DC_TEST_API_PROCESSES
              ? 'test-results/vitest-processes.json'
              : 'test-results/vitest.json',
          },
        ],
      ],
      testTimeout: 30_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: 2,
    },
  });
}
