import type { Tx } from '@dualcontrol/db';
import { readModuleSettings, requireCan, updateModuleSettings } from '@dualcontrol/platform';
import { type SchedulingPolicies, schedulingSettings } from '../settings.ts';
import type { Viewer } from './viewer.ts';

/**
 * A school's scheduling policies: the defaults, then the school's definition (tenants.policies,
 * from tenant.json), then what its admins set here (the module's own settings row).
 */
export function loadPolicies(tx: Tx, tenantId: string): Promise<SchedulingPolicies> {
  return readModuleSettings({ tx, tenantId, settings: schedulingSettings });
}

/** Admins change some policies; the rest keep their values. Returns the whole set in force. */
export async function updatePolicies(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  changes: Partial<SchedulingPolicies>,
): Promise<SchedulingPolicies> {
  requireCan(viewer, 'scheduling:policies:manage', {
    detail: 'Only the school’s owner or admins can change policies.',
  });
  return updateModuleSettings({ tx, tenantId, settings: schedulingSettings, changes });
}
