import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The demo suite needs PostgreSQL only (no Temporal, Stripe or portal build): run it alone with
// `npx vitest run --configLoader runner --config demo/vitest.config.ts demo/` from tests/.
export default dualcontrolTestConfig();
