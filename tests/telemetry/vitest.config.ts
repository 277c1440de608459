import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// Real processes (API, worker) exporting to a local OTLP receiver, with PostgreSQL and Temporal.
// From tests/: `npx vitest run --configLoader runner --config telemetry/vitest.config.ts telemetry/`.
export default dualcontrolTestConfig({ temporal: true });
