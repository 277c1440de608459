import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@dualcontrol/platform';
import { createSchedulingActivities } from './activities.ts';
import { bookingWorkflowSubscriptions } from './bookings/booking-workflow.subscriptions.ts';
import { schedulingDemo } from './demo/simulate-bookings.ts';
import { schedulingEvents } from './events.ts';
import { SCHEDULING_PERMISSIONS } from './permissions.ts';
import { mountSchedulingRoutes } from './routes.ts';
import { seedScheduling } from './seed.ts';
import { schedulingOnboarding } from './services/onboarding-facts.ts';
import { schedulingUsage } from './services/usage-figures.ts';
import { SchedulingPoliciesSchema } from './settings.ts';
import { offerFreedSlotSubscription } from './waiting-list/offer-freed-slot.subscription.ts';

/**
 * Scheduling: availability and time off, slots (per instructor and school-wide), bookings that
 * PostgreSQL keeps from overlapping, their lifecycle and calendar events, ICS feeds, the waiting
 * list, group sessions and their seats, school setup (lesson types, locations, vehicles) and the
 * Temporal booking workflow.
 */
export const schedulingModule: ModuleManifest = {
  id: 'scheduling',
  title: 'Scheduling',
  version: '0.3.0',
  dependsOn: [],
  routes: mountSchedulingRoutes,
  workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
  activities: createSchedulingActivities,
  events: schedulingEvents,
  subscriptions: (deps) => [...bookingWorkflowSubscriptions(deps), offerFreedSlotSubscription],
  seed: seedScheduling,
  demo: schedulingDemo,
  settings: SchedulingPoliciesSchema,
  permissions: SCHEDULING_PERMISSIONS,
  usage: schedulingUsage,
  onboarding: schedulingOnboarding,
  navigation: [
    { audience: 'student', label: 'Book a lesson', path: '/book' },
    { audience: 'instructor', label: 'Diary', path: '/diary' },
    { audience: 'admin', label: 'Bookings', path: '/admin/bookings' },
  ],
};

// The bookings of a demo school's simulated history, for the demo layers of modules that depend on it.
export {
  type DemoBookingFact,
  type SchedulingDemoStory,
  schedulingDemoStory,
  schedulingEventTimes,
} from './demo/simulate-bookings.ts';
// What scheduling emits, for the modules that react to it (messaging, crm, analytics, payments).
export { type SchedulingEvents, schedulingEvents } from './events.ts';
// The permission strings the module declares (stub manifests in tests reuse them).
export { SCHEDULING_PERMISSIONS } from './permissions.ts';
// Modules that depend on scheduling reference bookings by composite foreign key (never query it).
export { bookings } from './schema.ts';
// For modules that depend on scheduling (payments): a booking's price and parties, and who is asking.
export {
  type BookingCharge,
  readBookingCharge,
  readSeatCharge,
  taughtStudents,
} from './services/booking-charge.ts';
// For the lessons logbook: where each lesson was driven (pickup, else the school's office).
export { type BookingPlace, readBookingPlaces } from './services/booking-places.ts';
// For crm's "offer a trial lesson": a booking made exactly as POST /bookings makes it.
export { type CreateBookingInput, createBooking } from './services/create-booking.ts';
// For analytics' utilisation report: available hours from the slot engine's own windows.
export { instructorUtilisation, type UtilisationReport } from './services/instructor-utilisation.ts';
// searchSlots and readPolicies are for composing apps (the benchmarks count one search's statements).
export { calendarStatement } from './services/load-calendar.ts';
export { searchSlots } from './services/search-slots.ts';
export { canSeeBooking, type Viewer, viewerFrom } from './services/viewer.ts';
export { readPolicies, SchedulingPoliciesSchema } from './settings.ts';
