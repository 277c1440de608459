import type { Role } from '@dualcontrol/db';

/**
 * Typed permission strings: `<resource>:<action>[:own|:any]`. Core permissions are listed here;
 * a module adds its own through its manifest (`<module>.<resource>:<action>`).
 */
export const CORE_PERMISSIONS = [
  'students:create',
  'students:read:any',
  'students:read:own',
  'instructors:create',
  'instructors:read',
  'tenant:manage',
  'audit:read',
] as const;

export type CorePermission = (typeof CORE_PERMISSIONS)[number];
export type ModulePermission = `${string}.${string}:${string}`;
export type Permission = CorePermission | ModulePermission;

export const CORE_ROLE_PERMISSIONS: Record<Role, readonly CorePermission[]> = {
  owner: CORE_PERMISSIONS,
  admin: CORE_PERMISSIONS,
  // Instructors look students up to book and teach them; Step 2 narrows this to their own students.
  instructor: ['students:read:any', 'instructors:read'],
  student: ['students:read:own', 'instructors:read'],
  guardian: ['instructors:read'],
};
