import type { ModuleManifest } from '@dualcontrol/platform';

/**
 * Scheduling: Availability, slots, bookings, calendar events, reminders and ICS feeds.
 * Its tables, routes and workflows arrive with its own issue; until then the manifest takes part
 * in the registry (dependencies, per-tenant enablement, the module gate) with nothing to mount.
 */
export const schedulingModule: ModuleManifest = {
  id: 'scheduling',
  title: 'Scheduling',
  version: '0.1.0',
  dependsOn: [],
};
