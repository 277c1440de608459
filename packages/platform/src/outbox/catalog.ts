import { z } from '@hono/zod-openapi';

/**
 * One domain event: the `type` string stored in `outbox_events` and the zod schema of its jsonb
 * payload. `emitSchema` is the same shape but strict: an emitter that sends a field the catalog
 * does not declare is caught, instead of the field being silently dropped or stored undeclared.
 */
export type EventDefinition<T extends string = string, S extends z.ZodObject = z.ZodObject> = {
  readonly type: T;
  readonly schema: S;
  readonly emitSchema: z.ZodType<z.output<S>, z.input<S>>;
};

/** A module's events, keyed by type (what `defineEvents` returns). */
export type EventCatalog = { readonly [type: string]: EventDefinition };

/** What an emitter passes for an event. */
export type EventInput<E extends EventDefinition> = z.input<E['schema']>;
/** What a subscriber receives for an event. */
export type EventPayload<E extends EventDefinition> = z.output<E['schema']>;

/**
 * Declares a module's events once: `defineEvents({ 'booking.requested': z.object({...}) })`.
 * Each key is the event's type; the result maps it to a definition that `emitEvent` and
 * `subscribe` take, so payload types are inferred from the schema and checked at run time.
 */
export function defineEvents<const C extends Record<string, z.ZodObject>>(
  schemas: C,
): { readonly [K in keyof C & string]: EventDefinition<K, C[K]> } {
  const entries = Object.entries(schemas).map(([type, schema]) => [
    type,
    { type, schema, emitSchema: z.strictObject(schema.shape) },
  ]);
  return Object.freeze(Object.fromEntries(entries));
}

/**
 * Parses a payload against a schema, or throws a plain Error naming the event and each field: a
 * payload that does not match is a programming error (ours, never the caller's), so never a 4xx.
 */
export function parseEventPayload<S extends z.ZodType>(
  type: string,
  schema: S,
  payload: unknown,
  where = 'payload',
): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path ? `${where}.${path}` : where}: ${issue.message}`;
  });
  throw new Error(`event ${type}: ${problems.join('; ')}`);
}
