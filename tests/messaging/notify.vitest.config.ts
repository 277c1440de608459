import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The notification suites need PostgreSQL only (no Temporal, Stripe or portal build): run them with
// `npx vitest run --configLoader runner --config messaging/notify.vitest.config.ts messaging/` from tests/.
export default dualcontrolTestConfig();
