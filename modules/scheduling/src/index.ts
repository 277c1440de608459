import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@dualcontrol/platform';
import { createSchedulingActivities } from './activities.ts';
import { schedulingSubscriptions } from './events.ts';
import { mountSchedulingRoutes } from './routes.ts';
import { seedScheduling } from './seed.ts';
import { SchedulingPoliciesSchema } from './settings.ts';

/**
 * Scheduling: availability, slots, bookings without double-booking, calendar events.
 * Still to come in this module (see the issue note): the Temporal booking workflow, ICS feeds,
 * waiting list offers, recurring series, lesson types/locations/vehicles management routes.
 */
export const schedulingModule: ModuleManifest = {
  id: 'scheduling',
  title: 'Scheduling',
  version: '0.2.0',
  dependsOn: [],
  routes: mountSchedulingRoutes,
  workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
  activities: createSchedulingActivities,
  subscriptions: schedulingSubscriptions,
  seed: seedScheduling,
  settings: SchedulingPoliciesSchema,
  permissions: {},
  navigation: [
    { audience: 'student', label: 'Book a lesson', path: '/book' },
    { audience: 'instructor', label: 'Diary', path: '/diary' },
    { audience: 'admin', label: 'Bookings', path: '/admin/bookings' },
  ],
};

export { SchedulingPoliciesSchema } from './settings.ts';
