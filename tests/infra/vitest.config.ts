import { dualcontrolTestConfig } from '@dualcontrol/testing/vitest';

// The infra suites need PostgreSQL (the migration entry point) and a Temporal dev server (the
// previous release's API reports ready only when Temporal answers); helm, kubeconform and the
// schemas come from .tools (scripts/bootstrap.mjs test). Run them alone from tests/ with
// `npx vitest run --configLoader runner --config infra/vitest.config.ts infra/`.
export default dualcontrolTestConfig({ temporal: true });
