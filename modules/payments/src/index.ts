import type { ModuleManifest } from '@dualcontrol/platform';

/**
 * Payments: Payments, invoices, refunds, packages and credits, payment plans, earnings.
 * Its tables, routes and workflows arrive with its own issue; until then the manifest takes part
 * in the registry (dependencies, per-tenant enablement, the module gate) with nothing to mount.
 */
export const paymentsModule: ModuleManifest = {
  id: 'payments',
  title: 'Payments',
  version: '0.1.0',
  dependsOn: ['scheduling'],
};
