import type { ModulePermission } from '@dualcontrol/platform';

/** Every permission messaging checks; the platform's role table says who holds them. */
export const MESSAGING_PERMISSIONS = [
  // A school's notification wording: list, save versions, activate/revert, preview (the office).
  'messaging:templates:manage',
  // Conversations: students, instructors and the office take part in their own threads (who may
  // talk to whom is decided per person in threads/services/relations.ts).
  'messaging:threads:use',
  // Reading the school's conversations one is not part of (owners and admins).
  'messaging:threads:read_all',
] as const satisfies readonly ModulePermission[];
