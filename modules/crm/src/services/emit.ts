import type { Tx } from '@dualcontrol/db';
import { emitEvent } from '@dualcontrol/platform';
import { crmEvents } from '../events.ts';

type Events = typeof crmEvents;

/** Records a crm event in the caller's transaction (delivered if and only if the change commits). */
export const emitCrm = <K extends keyof Events>(
  tx: Tx,
  tenantId: string,
  type: K,
  payload: Parameters<typeof emitEvent<Events[K]>>[3],
) => emitEvent(tx, tenantId, crmEvents[type], payload);
