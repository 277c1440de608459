import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The pooler suites need PostgreSQL and a PgBouncer they start themselves (no Temporal, Stripe or
// portal build): from tests/, `npx vitest run --configLoader runner --config pooler/vitest.config.ts pooler/`.
export default dualcontrolTestConfig({});
