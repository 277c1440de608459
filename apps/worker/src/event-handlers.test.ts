import { parseKeyring } from '@dualcontrol/db';
import { createLogger, type WorkerDeps } from '@dualcontrol/platform';
import { productModules } from '@dualcontrol/product';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectEventHandlers } from './event-handlers.ts';

/** Which module declares each event type, across every module's catalog. */
function declaredTypes(): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const m of productModules)
    for (const definition of Object.values(m.events ?? {}))
      owners.set(definition.type, [...(owners.get(definition.type) ?? []), m.id]);
  return owners;
}

describe("the modules' event catalogs", () => {
  let tdb: TestDatabase;
  let deps: WorkerDeps;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    // Lazy: the handlers are only listed here, so nothing is sent to Temporal.
    const connection = Connection.lazy({ address: inject('dcTemporal').address });
    deps = {
      env: tdb.env,
      db: tdb.db,
      keyring: parseKeyring(tdb.env.ENCRYPTION_KEYS),
      log: createLogger('silent'),
      temporal: { client: new Client({ connection }), taskQueue: 'event-catalog-test' },
    };
  });
  afterAll(() => tdb?.drop());

  it('declare every event type once, each under its own key', () => {
    for (const m of productModules)
      for (const [key, definition] of Object.entries(m.events ?? {})) expect(definition.type).toBe(key);
    const twice = [...declaredTypes()].filter(([, owners]) => owners.length > 1);
    expect(twice).toEqual([]);
    // Scheduling and payments emit today; a module dropping its catalog would shrink this.
    expect(declaredTypes().size).toBeGreaterThanOrEqual(22);
  });

  it('cover every event a subscription listens to (no handler waits for a type nobody emits)', () => {
    const declared = declaredTypes();
    const handlers = collectEventHandlers(productModules, deps);
    expect(handlers.length).toBeGreaterThan(0);
    const unknown = handlers.flatMap((h) =>
      h.events.filter((t) => !declared.has(t)).map((t) => `${h.id}: ${t}`),
    );
    expect(unknown).toEqual([]);
  });
});
