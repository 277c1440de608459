import type { ModulePermission } from '@dualcontrol/platform';

/**
 * Every permission crm checks; the platform's role table gives them to the office (owner, admin).
 * Instructors and students hold none: contacts are the office's records (module README).
 */
export const CRM_PERMISSIONS = [
  // Contacts, their timeline, duplicates and the pipeline board.
  'crm:contacts:read',
  // Create, edit, move, merge and delete contacts; log interactions and notes.
  'crm:contacts:manage',
  // Tasks: list, create, complete.
  'crm:tasks:manage',
  // The school's follow-up rules (on/off, thresholds).
  'crm:rules:manage',
] as const satisfies readonly ModulePermission[];
