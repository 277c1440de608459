import { fileURLToPath } from 'node:url';
import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

export default dualcontrolTestConfig({
  temporal: true,
  stripe: true,
  globalSetup: [fileURLToPath(new URL('./e2e/global-setup-portal.ts', import.meta.url))],
});
