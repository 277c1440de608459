import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The lessons suites need PostgreSQL, and Temporal for the document expiry timers (no Stripe or
// portal build): run them alone with
// `npx vitest run --configLoader runner --config lessons/vitest.config.ts lessons/` from tests/.
export default dualcontrolTestConfig({ temporal: true });
