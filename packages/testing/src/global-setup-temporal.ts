import { findTemporalCli, freePort, startTemporalDevServer } from '@dualcontrol/platform';
import type { TestProject } from 'vitest/node';
import './provided.ts';

/** One real Temporal dev server (in memory) per test run, for suites that need workflows. */
export default async function setup(project: TestProject) {
  const server = await startTemporalDevServer({
    cli: findTemporalCli(process.env.TEMPORAL_CLI),
    port: await freePort(),
    uiPort: await freePort(),
  });
  project.provide('dcTemporal', { address: server.address });
  return () => server.stop();
}
