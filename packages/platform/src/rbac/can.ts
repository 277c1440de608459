import { forbidden } from '../errors/app-error.ts';
import { anyFormOf, type Permission } from './permissions.ts';
import type { Viewer } from './viewer.ts';

/** Whose a row is: any of these that matches the viewer's own id makes it theirs. */
export type Ownership = {
  userId?: string | null | undefined;
  instructorId?: string | null | undefined;
  studentId?: string | null | undefined;
};

/** The row is the viewer's when it names them as its user, its instructor or its student. */
export function owns(viewer: Viewer, resource: Ownership): boolean {
  const same = (mine: string | undefined, theirs: string | null | undefined) =>
    mine !== undefined && mine !== '' && mine === theirs;
  return (
    same(viewer.userId, resource.userId) ||
    same(viewer.instructorId, resource.instructorId) ||
    same(viewer.studentId, resource.studentId)
  );
}

/**
 * The one authorization question. `x:read:any` (or a permission without scope) is held or not;
 * `x:read:own` is granted by holding `x:read:any`, or by holding `x:read:own` for a `resource`
 * the viewer owns. A permission nobody declared is held by nobody.
 */
export function can(viewer: Viewer, permission: Permission, resource?: Ownership): boolean {
  const wider = anyFormOf(permission);
  if (wider === undefined) return viewer.permissions.has(permission);
  if (viewer.permissions.has(wider)) return true;
  return resource !== undefined && viewer.permissions.has(permission) && owns(viewer, resource);
}

/**
 * `can` or throw: by default the 403 `forbidden()` problem with `detail` (or its generic text);
 * pass `refuse` where the caller must not learn the row exists (a 404 of the module's own).
 */
export function requireCan(
  viewer: Viewer,
  permission: Permission,
  opts: { resource?: Ownership; detail?: string; refuse?: () => Error } = {},
): void {
  if (can(viewer, permission, opts.resource)) return;
  throw opts.refuse ? opts.refuse() : forbidden(opts.detail);
}
