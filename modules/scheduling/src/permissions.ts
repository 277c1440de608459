import type { ModulePermission } from '@dualcontrol/platform';

/** Every permission scheduling checks; the platform's role table says who holds them. */
export const SCHEDULING_PERMISSIONS = [
  'scheduling:booking:read:any',
  'scheduling:booking:read:own',
  'scheduling:booking:create:any',
  'scheduling:booking:create:own',
  // Confirm, start, complete… any booking; without it each move has its own rule (the instructor
  // confirms, the student or instructor cancels).
  'scheduling:booking:transition:any',
  // Not bound by the rules a school sets for students: reschedule limit, cancellation fees, the
  // student's own booking limits when listing slots.
  'scheduling:policies:exempt',
  'scheduling:policies:manage',
  'scheduling:catalog:manage',
  'scheduling:closures:manage',
  'scheduling:diary:manage:any',
  'scheduling:diary:manage:own',
  'scheduling:roster:read:any',
  'scheduling:roster:read:own',
  'scheduling:assignments:read:any',
  'scheduling:assignments:read:own',
  'scheduling:assignments:manage',
  'scheduling:calendar-feeds:revoke:any',
  'scheduling:calendar-feeds:revoke:own',
  'scheduling:waiting-list:manage:any',
  'scheduling:waiting-list:manage:own',
  'scheduling:reports:read',
] as const satisfies readonly ModulePermission[];
