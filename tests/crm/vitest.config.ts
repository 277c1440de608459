import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The crm suites need PostgreSQL, and Temporal for the daily follow-up sweep (no Stripe or portal build): run them alone with
// `npx vitest run --configLoader runner --config crm/vitest.config.ts crm/` from tests/.
export default dualcontrolTestConfig({ temporal: true });
