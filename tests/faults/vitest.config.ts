import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The fault drills need PostgreSQL and a Temporal dev server (the worker connects to it; the
// Temporal drill starts and restarts its own). `npm test` runs them through tests/vitest.config.ts;
// alone, from tests/: `npx vitest run --configLoader runner --config faults/vitest.config.ts faults/`.
export default dualcontrolTestConfig({ temporal: true });
