import type { Role } from '@dualcontrol/db';
import type { Permission } from './permissions.ts';

/*
 * The one table of who may do what. Every string here must be declared by core or by the manifest
 * of the module it names (the registry refuses to boot otherwise); a module that is not registered
 * simply grants nothing.
 *
 * Owners and admins hold every `:any` permission ("the office"); instructors and students hold the
 * `:own` forms their profile can own, so what they reach is decided by ownership in `can`, exactly
 * as the former `isStaff || own` checks did (an instructor or student profile exists only beside
 * its role, so a role without the profile owns nothing either way).
 */

const OFFICE: readonly Permission[] = [
  'students:create',
  'students:read:any',
  'instructors:create',
  'instructors:read',
  'instructors:update:any',
  'tenant:manage',
  'audit:read',

  'scheduling:booking:read:any',
  'scheduling:booking:create:any',
  'scheduling:booking:transition:any',
  'scheduling:policies:exempt',
  'scheduling:policies:manage',
  'scheduling:catalog:manage',
  'scheduling:closures:manage',
  'scheduling:diary:manage:any',
  'scheduling:roster:read:any',
  'scheduling:assignments:read:any',
  'scheduling:assignments:manage',
  'scheduling:calendar-feeds:revoke:any',
  'scheduling:waiting-list:manage:any',
  'scheduling:reports:read',

  'payments:settings:manage',
  'payments:account:manage',
  'payments:payment:read:any',
  'payments:payment:record',
  'payments:booking:pay:any',
  'payments:refunds:create',
  'payments:plans:read:any',
  'payments:plans:manage',
  'payments:packages:manage',
  'payments:cards:manage:any',
  'payments:credit:read:any',
  'payments:credit:adjust',
  'payments:fees:read:any',
  'payments:fees:waive',
  'payments:invoices:read:any',
  'payments:earnings:read:any',
  'payments:payouts:create',
  'payments:reports:read',
  'messaging:templates:manage',
  'lessons:syllabus:read',
  'lessons:syllabus:manage',
  'lessons:lesson:read:any',
  'lessons:lesson:record:any',
  'lessons:progress:read:any',
  'lessons:assessments:record:any',
  'lessons:goals:manage:any',
  'lessons:materials:assign:any',
  'lessons:attachments:read:any',
  'lessons:attachments:manage:any',
  'lessons:guardians:manage',
  'lessons:guardians:invite:any',
  'lessons:practice:submit:any',
  'lessons:practice:confirm:any',
  'lessons:documents:read:any',
  'lessons:documents:create:any',
  'lessons:documents:verify',
  'lessons:settings:manage',
  'messaging:threads:use',
  'messaging:threads:read_all',

  // The CRM is the office's: instructors and students hold none of it (modules/crm/README.md).
  'crm:contacts:read',
  'crm:contacts:manage',
  'crm:tasks:manage',
  'crm:rules:manage',
  'analytics:reports:read:any',
  'analytics:settings:manage',
];

/** Both kinds of profile reach the bookings they are a party to, and their own calendar feeds. */
const PARTY: readonly Permission[] = [
  'scheduling:booking:read:own',
  'scheduling:booking:create:own',
  'scheduling:calendar-feeds:revoke:own',
];

export type RolePermissions = Readonly<Record<Role, readonly Permission[]>>;

export const ROLE_PERMISSIONS: RolePermissions = {
  owner: OFFICE,
  admin: OFFICE,
  instructor: [
    'students:read:any',
    'instructors:read',
    'instructors:update:own',
    ...PARTY,
    'scheduling:diary:manage:own',
    'scheduling:roster:read:own',
    // Instructors teach across the school, so they may see any student's assigned instructors.
    'scheduling:assignments:read:any',
    'payments:earnings:read:own',
    'lessons:syllabus:read',
    'lessons:lesson:read:own',
    'lessons:lesson:record:own',
    // Progress and assessments of the students they have taught (decided per student in lessons).
    'lessons:progress:read:own',
    'lessons:assessments:record:own',
    'lessons:goals:manage:own',
    'lessons:materials:assign:own',
    'lessons:attachments:read:own',
    'lessons:attachments:manage:own',
    'lessons:documents:read:own',
    'lessons:documents:create:own',
    'messaging:threads:use',
    // Their own figures only (lessons, hours, cancellations, utilisation), decided in analytics.
    'analytics:reports:read:own',
  ],
  student: [
    'students:read:own',
    'instructors:read',
    ...PARTY,
    'scheduling:assignments:read:own',
    'scheduling:waiting-list:manage:own',
    'payments:payment:read:own',
    'payments:booking:pay:own',
    'payments:plans:read:own',
    'payments:cards:manage:own',
    'payments:credit:read:own',
    'payments:fees:read:own',
    'payments:invoices:read:own',
    'lessons:syllabus:read',
    'lessons:lesson:read:own',
    'lessons:progress:read:own',
    // A student sees their lessons' photos and videos but does not add them (module README).
    'lessons:attachments:read:own',
    'lessons:goals:manage:own',
    'lessons:documents:read:own',
    'lessons:documents:create:own',
    // Their own logbook's practice drives, and inviting their guardians.
    'lessons:practice:submit:own',
    'lessons:guardians:invite:own',
    'messaging:threads:use',
  ],
  // A guardian has no profile: what they own is what names their user (a calendar feed, the
  // practice drives they supervised), and the progress, lessons and logbook of the learners linked
  // to them (lessons' guardians table, decided in lessons). Read-only apart from confirming.
  guardian: [
    'instructors:read',
    'scheduling:calendar-feeds:revoke:own',
    'lessons:syllabus:read',
    'lessons:lesson:read:own',
    'lessons:progress:read:own',
    'lessons:practice:confirm:own',
    'lessons:attachments:read:own',
  ],
};
