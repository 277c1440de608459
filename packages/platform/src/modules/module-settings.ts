import { type Tx, tenantModules, tenants } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ModuleId } from './contract.ts';

/** Where one module's per-school settings live and how they are read. */
export type ModuleSettings<S extends z.ZodObject> = {
  moduleId: ModuleId;
  /** Every field has a default, so a school that set nothing still gets a whole object. */
  schema: S;
  /**
   * Whether the school's definition (tenants.policies, from tenant.json) is a layer under the
   * module's own settings. Scheduling's policies began there; payments' rules never did, and the
   * definition also holds school-wide keys (selfSignup) that a loose schema would pass through.
   */
  inheritsDefinition: boolean;
};

/**
 * Stored settings made whole with the schema's defaults. A malformed stored value (an old or
 * hand-edited tenant.json) falls back to its default field by field rather than failing the
 * request or discarding the school's other choices.
 */
export function parseModuleSettings<S extends z.ZodObject>(schema: S, stored: unknown): z.output<S> {
  const whole = schema.safeParse(stored ?? {});
  if (whole.success) return whole.data;
  const entries = typeof stored === 'object' && stored !== null ? Object.entries(stored) : [];
  const valid = entries.filter(
    ([key, value]) => Object.hasOwn(schema.shape, key) && z.safeParse(schema.shape[key]!, value).success,
  );
  return schema.parse(Object.fromEntries(valid));
}

/** A school's settings for one module: defaults ← its definition (when inherited) ← what its admins set. */
export async function readModuleSettings<S extends z.ZodObject>(options: {
  tx: Tx;
  tenantId: string;
  settings: ModuleSettings<S>;
}): Promise<z.output<S>> {
  const { tx, tenantId, settings } = options;
  const [row] = await tx
    .select({ definition: tenants.policies, own: tenantModules.settings })
    .from(tenants)
    .leftJoin(
      tenantModules,
      and(eq(tenantModules.tenantId, tenants.id), eq(tenantModules.moduleId, settings.moduleId)),
    )
    .where(eq(tenants.id, tenantId));
  const inherited = settings.inheritsDefinition ? (row?.definition ?? {}) : {};
  return parseModuleSettings(settings.schema, { ...inherited, ...(row?.own ?? {}) });
}

/**
 * Changes some of a school's settings for one module; the others keep their values. The caller has
 * validated `changes` (the route's body schema) and checked who may change them. Returns the
 * whole set now in force.
 */
export async function updateModuleSettings<S extends z.ZodObject>(options: {
  tx: Tx;
  tenantId: string;
  settings: ModuleSettings<S>;
  changes: Partial<z.output<S>>;
}): Promise<z.output<S>> {
  const { tx, tenantId, settings, changes } = options;
  await tx
    .update(tenantModules)
    .set({ settings: sql`${tenantModules.settings} || ${JSON.stringify(changes)}::jsonb` })
    .where(and(eq(tenantModules.tenantId, tenantId), eq(tenantModules.moduleId, settings.moduleId)));
  return readModuleSettings({ tx, tenantId, settings });
}
