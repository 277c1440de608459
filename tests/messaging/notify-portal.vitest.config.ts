import { fileURLToPath } from 'node:url';
import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The notification pages in the browser: PostgreSQL and the built portal (no Temporal or Stripe).
// From tests/: `npx vitest run --configLoader runner --config messaging/notify-portal.vitest.config.ts messaging/notify-portal.test.ts`.
export default dualcontrolTestConfig({
  globalSetup: [fileURLToPath(new URL('../e2e/global-setup-portal.ts', import.meta.url))],
});
