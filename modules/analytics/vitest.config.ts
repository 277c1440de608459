import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

export default dualcontrolTestConfig({ postgres: false });
