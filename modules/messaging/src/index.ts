import type { ModuleManifest } from '@dualcontrol/platform';

/**
 * Messaging: Threads, messages, notifications, templates and channels.
 * Its tables, routes and workflows arrive with its own issue; until then the manifest takes part
 * in the registry (dependencies, per-tenant enablement, the module gate) with nothing to mount.
 */
export const messagingModule: ModuleManifest = {
  id: 'messaging',
  title: 'Messaging',
  version: '0.1.0',
  dependsOn: [],
};
