import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@dualcontrol/platform';
import { createCrmActivities } from './activities.ts';
import { crmDemo } from './demo/simulate-crm.ts';
import { crmEvents } from './events.ts';
import { CRM_PERMISSIONS } from './permissions.ts';
import { mountCrmRoutes } from './routes.ts';
import { crmSubscriptions } from './subscriptions.ts';

/**
 * CRM: contacts (enquiries and people, one per person, duplicates found and merged), their
 * interactions (logged by the office, or automatically from bookings, lessons, payments and tests),
 * notes and tasks, and the school's pipeline from enquiry to alumni. Depends on scheduling only:
 * lessons' and payments' events are read by type with tolerant schemas (subscriptions.ts), so a
 * school may run the CRM without payments.
 */
export const crmModule: ModuleManifest = {
  id: 'crm',
  title: 'CRM',
  version: '0.2.0',
  dependsOn: ['scheduling'],
  routes: mountCrmRoutes,
  // The daily sweep of the time-based follow-up rules (one workflow per school).
  workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
  activities: createCrmActivities,
  events: crmEvents,
  subscriptions: crmSubscriptions,
  demo: crmDemo,
  permissions: CRM_PERMISSIONS,
  navigation: [
    { audience: 'admin', label: 'Pipeline', path: '/crm' },
    { audience: 'admin', label: 'CRM tasks', path: '/crm/tasks' },
  ],
};

// What crm emits, for the modules that react to it (messaging, analytics).
export { type CrmEvents, crmEvents } from './events.ts';
// The daily no-lesson sweep, for the worker's schedule and the tests that drive it directly.
export { sweepNoLessonBooked } from './followups/sweep-no-lesson.ts';
// The permission strings the module declares (stub manifests in tests reuse them).
export { CRM_PERMISSIONS } from './permissions.ts';
