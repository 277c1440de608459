import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The storage contract needs no database: run it alone with
// `npx vitest run --configLoader runner --config storage/vitest.config.ts storage/` from tests/.
export default dualcontrolTestConfig({ postgres: false });
