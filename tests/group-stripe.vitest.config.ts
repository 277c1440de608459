import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';
export default dualcontrolTestConfig({ stripe: true, temporal: true });
