import type { ModulePermission } from '@dualcontrol/platform';

/**
 * What analytics checks. `reports:read:any` is the office's (owners and admins): every report of the
 * school. `reports:read:own` lets an instructor see the instructor reports for themselves only.
 */
export const ANALYTICS_PERMISSIONS = [
  'analytics:reports:read:any',
  'analytics:reports:read:own',
  'analytics:settings:manage',
] as const satisfies readonly ModulePermission[];
