import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The infra suites need PostgreSQL only (the migration entry point); helm, kubeconform and the
// schemas come from .tools (scripts/bootstrap.mjs test). Run them alone from tests/ with
// `npx vitest run --configLoader runner --config infra/vitest.config.ts infra/`.
export default dualcontrolTestConfig();
