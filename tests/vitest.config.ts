import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

export default dualcontrolTestConfig({ temporal: true, stripe: true });
