import type { AppEnv } from '@dualcontrol/platform';
import type { Context } from 'hono';
import { withScheduling } from '../http-context.ts';
import type { lessonTypes, locations, vehicles } from '../schema.ts';
import { listCatalog, saveCatalog, vehicleWarnings } from '../services/school-catalog.ts';

type Kind = 'lessonTypes' | 'locations' | 'vehicles';

const views = {
  lessonTypes: (r: typeof lessonTypes.$inferSelect, currency: string) => ({
    id: r.id,
    name: r.name,
    durationMinutes: r.durationMinutes,
    priceMinor: r.priceMinor,
    currency,
    bufferBeforeMinutes: r.bufferBeforeMinutes,
    bufferAfterMinutes: r.bufferAfterMinutes,
    transmission: r.transmission,
    capacity: r.capacity,
    active: r.active,
  }),
  locations: (r: typeof locations.$inferSelect) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    active: r.active,
  }),
  vehicles: (r: typeof vehicles.$inferSelect) => ({
    id: r.id,
    registration: r.registration,
    makeModel: r.makeModel,
    transmission: r.transmission,
    dualControls: r.dualControls,
    motExpiresOn: r.motExpiresOn,
    insuranceExpiresOn: r.insuranceExpiresOn,
    status: r.status,
    warnings: vehicleWarnings(r, new Date()),
  }),
};

// biome-ignore lint/suspicious/noExplicitAny: one view function per kind, chosen at run time
const view = (kind: Kind, row: any, currency: string) => views[kind](row, currency);

type C = Context<AppEnv>;
// The request was validated by the route before these run; the three kinds share one shape.
const body = (c: C) => c.req.valid('json' as never) as Record<string, unknown>;

/** The three handlers of one school-setup resource (registered against routes in catalog.routes.ts). */
export function catalogHandlers(kind: Kind) {
  const list = async (c: C) => {
    const data = await withScheduling(c, async (tx, ctx) =>
      (await listCatalog(tx, ctx.tenantId, kind)).map((row) => view(kind, row, ctx.currency)),
    );
    return c.json({ data }, 200);
  };
  const create = async (c: C) => {
    const row = await withScheduling(c, async (tx, ctx) =>
      view(kind, await saveCatalog(tx, ctx.tenantId, ctx.viewer, kind, body(c)), ctx.currency),
    );
    return c.json(row, 201);
  };
  const replace = async (c: C) => {
    const { id } = c.req.valid('param' as never) as { id: string };
    const row = await withScheduling(c, async (tx, ctx) =>
      view(kind, await saveCatalog(tx, ctx.tenantId, ctx.viewer, kind, body(c), id), ctx.currency),
    );
    return c.json(row, 200);
  };
  return { list, create, replace };
}
