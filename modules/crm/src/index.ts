import type { ModuleManifest } from '@dualcontrol/platform';

/**
 * CRM: Contacts, interactions, notes, tasks and the lead pipeline.
 * Its tables, routes and workflows arrive with its own issue; until then the manifest takes part
 * in the registry (dependencies, per-tenant enablement, the module gate) with nothing to mount.
 */
export const crmModule: ModuleManifest = {
  id: 'crm',
  title: 'CRM',
  version: '0.1.0',
  dependsOn: [],
};
