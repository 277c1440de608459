import type { ModulePermission } from '@dualcontrol/platform';

/** Every permission messaging checks; the platform's role table says who holds them. */
export const MESSAGING_PERMISSIONS = [
  // A school's notification wording: list, save versions, activate/revert, preview (the office).
  'messaging:templates:manage',
] as const satisfies readonly ModulePermission[];
