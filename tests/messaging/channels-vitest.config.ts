import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The channel suites need PostgreSQL only (their SMTP, Twilio and push receivers start in-file):
// `npx vitest run --configLoader runner --config messaging/channels-vitest.config.ts messaging/channels messaging/devices` from tests/.
export default dualcontrolTestConfig();
