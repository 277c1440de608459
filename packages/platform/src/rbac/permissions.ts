import type { ModuleId } from '../modules/contract.ts';

/**
 * Typed permission strings, one scheme: `[<module>:]<resource>:<action>[:own|:any]`. Core
 * permissions (people, the school itself) carry no module prefix; a module's carry its id and are
 * declared in its manifest. `:any` reaches every row of the school; `:own` only the viewer's own
 * (decided in one place: `can`).
 */
export const CORE_PERMISSIONS = [
  'students:create',
  'students:read:any',
  'students:read:own',
  'instructors:create',
  'instructors:read',
  'instructors:update:any',
  'instructors:update:own',
  'tenant:manage',
  'audit:read',
] as const;

export type CorePermission = (typeof CORE_PERMISSIONS)[number];
export type ModulePermission = `${ModuleId}:${string}:${string}`;
export type Permission = CorePermission | ModulePermission;

const CORE = new Set<string>(CORE_PERMISSIONS);
export const isCorePermission = (p: string): p is CorePermission => CORE.has(p);

/** `x:y:read:own` → `x:y:read:any`; anything not ending in `:own` has no wider form. */
export const anyFormOf = (p: Permission): Permission | undefined =>
  p.endsWith(':own') ? (`${p.slice(0, -':own'.length)}:any` as Permission) : undefined;
