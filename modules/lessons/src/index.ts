import type { ModuleManifest } from '@dualcontrol/platform';

/**
 * Lessons: Lessons, skill progress, evaluations, goals, test records and materials.
 * Its tables, routes and workflows arrive with its own issue; until then the manifest takes part
 * in the registry (dependencies, per-tenant enablement, the module gate) with nothing to mount.
 */
export const lessonsModule: ModuleManifest = {
  id: 'lessons',
  title: 'Lessons',
  version: '0.1.0',
  dependsOn: ['scheduling'],
};
