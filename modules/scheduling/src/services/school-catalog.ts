import { pgErrorCode, type Tx } from '@dualcontrol/db';
import { conflict, notFound, requireCan } from '@dualcontrol/platform';
import { and, asc, eq } from 'drizzle-orm';
import { lessonTypes, locations, vehicles } from '../schema.ts';
import type { Viewer } from './viewer.ts';

const DAY_MS = 86_400_000;

/** MOT / insurance dates that have passed or fall within 30 days of `today`. */
export function vehicleWarnings(
  v: { motExpiresOn: string | null; insuranceExpiresOn: string | null },
  today: Date,
): string[] {
  const out: string[] = [];
  for (const [label, date] of [
    ['MOT', v.motExpiresOn],
    ['insurance', v.insuranceExpiresOn],
  ] as const) {
    if (!date) continue;
    const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - today.getTime()) / DAY_MS);
    if (days < 0) out.push(`${label} expired on ${date}`);
    else if (days <= 30) out.push(`${label} expires on ${date}`);
  }
  return out;
}

const tables = { lessonTypes, locations, vehicles };
type Kind = keyof typeof tables;
/** One row of a school-setup resource, by kind (what listCatalog and saveCatalog give back). */
export type CatalogRow<K extends Kind> = (typeof tables)[K]['$inferSelect'];

const requireStaff = (viewer: Viewer) =>
  requireCan(viewer, 'scheduling:catalog:manage', {
    detail: 'Only the school’s owner or admins can change this.',
  });

export async function listCatalog<K extends Kind>(tx: Tx, tenantId: string, kind: K) {
  // One code path for three tables of the same shape; the caller gets its kind's row type back.
  const table = tables[kind] as typeof lessonTypes;
  const rows = await tx
    .select()
    .from(table)
    .where(eq(table.tenantId, tenantId))
    .orderBy(asc(table.createdAt));
  return rows as unknown as CatalogRow<K>[];
}

/** Creates or replaces a row; a duplicate vehicle registration is a 409 naming the field. */
export async function saveCatalog<K extends Kind>(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  kind: K,
  values: Record<string, unknown>,
  id?: string,
): Promise<CatalogRow<K>> {
  requireStaff(viewer);
  const table = tables[kind] as typeof lessonTypes;
  try {
    const rows = await tx.transaction((sp) =>
      id
        ? sp
            .update(table)
            .set(values)
            .where(and(eq(table.tenantId, tenantId), eq(table.id, id)))
            .returning()
        : sp
            .insert(table)
            .values({ ...(values as typeof lessonTypes.$inferInsert), tenantId })
            .returning(),
    );
    if (!rows[0]) throw notFound('scheduling.not_found', 'No such item at this school.');
    return rows[0] as (typeof tables)[K]['$inferSelect'];
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw conflict('scheduling.duplicate', 'Another one with the same registration exists at this school.');
    }
    throw error;
  }
}
