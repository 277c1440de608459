import { type Tx, tenants } from '@dualcontrol/db';
import { eq } from 'drizzle-orm';
import { readPolicies, type SchedulingPolicies } from '../settings.ts';

export async function loadPolicies(tx: Tx, tenantId: string): Promise<SchedulingPolicies> {
  const [row] = await tx.select({ policies: tenants.policies }).from(tenants).where(eq(tenants.id, tenantId));
  return readPolicies(row?.policies);
}
