import { outboxEvents, type Tx } from '@dualcontrol/db';
import { currentTraceparent, type EventDefinition, type EventInput } from '@dualcontrol/platform';

/** One event of the catalog with its payload, for `emitEvents`. */
export const pending = <E extends EventDefinition>(event: E, payload: EventInput<E>) => ({ event, payload });

/**
 * Records several catalog events in one INSERT (a lesson record emits one per changed skill), with
 * the same strict check as the platform's `emitEvent`: a payload that does not match its schema
 * throws before anything is written, naming the event and field.
 */
export async function emitEvents(
  tx: Tx,
  tenantId: string,
  events: readonly { event: EventDefinition; payload: unknown }[],
): Promise<void> {
  if (events.length === 0) return;
  const traceparent = currentTraceparent(); // the request's trace, as emitEvent records it
  const rows = events.map(({ event, payload }) => {
    const checked = event.emitSchema.safeParse(payload);
    if (!checked.success) {
      const problems = checked.error.issues.map(
        (i) => `payload${i.path.length ? `.${i.path.map(String).join('.')}` : ''}: ${i.message}`,
      );
      throw new Error(`event ${event.type}: ${problems.join('; ')}`);
    }
    return { tenantId, type: event.type, payload: checked.data as Record<string, unknown>, traceparent };
  });
  await tx.insert(outboxEvents).values(rows);
}
