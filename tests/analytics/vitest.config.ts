import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The analytics suites need PostgreSQL, and Temporal for the nightly rebuild schedule (no Stripe or
// portal build): run them alone with
// `npx vitest run --configLoader runner --config analytics/vitest.config.ts analytics/` from tests/.
export default dualcontrolTestConfig({ temporal: true });
