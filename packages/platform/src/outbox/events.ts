import { outboxEvents, type Tx } from '@dualcontrol/db';
import { currentTraceparent } from '../telemetry/spans.ts';
import { type EventDefinition, type EventInput, parseEventPayload } from './catalog.ts';

/** An outbox row as the dispatcher hands it to subscriptions (payload not yet checked). */
export type OutboxEvent = {
  id: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/**
 * Records a domain event declared in a module's catalog (`defineEvents`) in the caller's
 * transaction: it is delivered if and only if the change it describes commits. The payload is
 * checked against the event's schema first (no undeclared fields either); a mismatch throws before
 * anything is written, which rolls the caller's transaction back with it.
 */
export async function emitEvent<E extends EventDefinition>(
  tx: Tx,
  tenantId: string,
  event: E,
  payload: EventInput<E>,
): Promise<string> {
  const checked = parseEventPayload(event.type, event.emitSchema, payload);
  const [row] = await tx
    .insert(outboxEvents)
    // The request's trace goes with the event, so its handling in the worker joins that trace.
    .values({ tenantId, type: event.type, payload: checked, traceparent: currentTraceparent() })
    .returning({ id: outboxEvents.id });
  return row!.id;
}
