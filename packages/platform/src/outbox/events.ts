import { outboxEvents, type Tx } from '@dualcontrol/db';

export type OutboxEvent = {
  id: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/**
 * Records a domain event in the caller's transaction: it is delivered if and only if the change
 * it describes commits.
 */
export async function emitEvent(
  tx: Tx,
  event: { tenantId: string; type: string; payload: Record<string, unknown> },
): Promise<string> {
  const [row] = await tx
    .insert(outboxEvents)
    .values({ tenantId: event.tenantId, type: event.type, payload: event.payload })
    .returning({ id: outboxEvents.id });
  return row!.id;
}
