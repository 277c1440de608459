import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The messaging suites need PostgreSQL only: run them with
// `npx vitest run --configLoader runner --config messaging/vitest.config.ts messaging/` from tests/.
export default dualcontrolTestConfig();
