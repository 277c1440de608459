import type { Role } from '@dualcontrol/db';
import type { Permission } from './permissions.ts';
import { ROLE_PERMISSIONS } from './role-permissions.ts';

/**
 * Who is asking, defined once for every module: the user, their roles, their own instructor /
 * student profile at this school (either may be absent) and what their roles permit.
 */
export type Viewer = {
  userId: string;
  roles: readonly Role[];
  instructorId?: string | undefined;
  studentId?: string | undefined;
  permissions: ReadonlySet<Permission>;
};

/** Where a viewer's permissions come from: the module registry (validated at boot). */
export type PermissionSource = { permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> };

/** Pure: the viewer for an authenticated user and the profile ids already looked up for them. */
export function createViewer(
  user: { id: string; roles: readonly Role[] },
  profiles: { instructorId?: string | null | undefined; studentId?: string | null | undefined },
  source: PermissionSource,
): Viewer {
  return {
    userId: user.id,
    roles: user.roles,
    instructorId: profiles.instructorId ?? undefined,
    studentId: profiles.studentId ?? undefined,
    permissions: source.permissionsOf(user.roles),
  };
}

/**
 * The system acting for a school (workflows, event handlers): it may do whatever the office may.
 * Built from the table itself because workers act without a request (and hold no registry).
 */
export const SYSTEM_VIEWER: Viewer = Object.freeze({
  userId: '',
  roles: [],
  instructorId: undefined,
  studentId: undefined,
  permissions: new Set(Object.values(ROLE_PERMISSIONS).flat()),
});
