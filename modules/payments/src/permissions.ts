import type { ModulePermission } from '@dualcontrol/platform';

/** Every permission payments checks; the platform's role table says who holds them. */
export const PAYMENTS_PERMISSIONS = [
  'payments:settings:manage',
  'payments:account:manage',
  'payments:payment:read:any',
  'payments:payment:read:own',
  'payments:payment:record',
  'payments:booking:pay:any',
  'payments:booking:pay:own',
  'payments:refunds:create',
  'payments:plans:read:any',
  'payments:plans:read:own',
  'payments:plans:manage',
  // Managing packages also shows the inactive ones a student never sees.
  'payments:packages:manage',
  'payments:cards:manage:any',
  'payments:cards:manage:own',
  'payments:credit:read:any',
  'payments:credit:read:own',
  'payments:credit:adjust',
  'payments:fees:read:any',
  'payments:fees:read:own',
  'payments:fees:waive',
  'payments:invoices:read:any',
  'payments:invoices:read:own',
  'payments:earnings:read:any',
  'payments:earnings:read:own',
  'payments:payouts:create',
  'payments:reports:read',
] as const satisfies readonly ModulePermission[];
