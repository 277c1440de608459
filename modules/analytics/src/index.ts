import type { ModuleManifest } from '@dualcontrol/platform';

/**
 * Analytics: Analytics events, read models, reports and PostHog forwarding.
 * Its tables, routes and workflows arrive with its own issue; until then the manifest takes part
 * in the registry (dependencies, per-tenant enablement, the module gate) with nothing to mount.
 */
export const analyticsModule: ModuleManifest = {
  id: 'analytics',
  title: 'Analytics',
  version: '0.1.0',
  dependsOn: [],
};
