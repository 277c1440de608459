import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { withScheduling } from '../http-context.ts';
import { type CatalogRow, listCatalog, saveCatalog, vehicleWarnings } from '../services/school-catalog.ts';
import type { lessonTypeRoutes, locationRoutes, vehicleRoutes } from './catalog.routes.ts';

type Kind = 'lessonTypes' | 'locations' | 'vehicles';
type View<K extends Kind, V> = (row: CatalogRow<K>, currency: string) => V;

const lessonTypeView = (r: CatalogRow<'lessonTypes'>, currency: string) => ({
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
});

const locationView = (r: CatalogRow<'locations'>) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  active: r.active,
});

const vehicleView = (r: CatalogRow<'vehicles'>) => ({
  id: r.id,
  registration: r.registration,
  makeModel: r.makeModel,
  transmission: r.transmission,
  dualControls: r.dualControls,
  motExpiresOn: r.motExpiresOn,
  insuranceExpiresOn: r.insuranceExpiresOn,
  status: r.status,
  warnings: vehicleWarnings(r, new Date()),
});

// The steps the three resources share; each resource's handlers below are typed by its own routes.
const listAll = <K extends Kind, V>(c: Context<AppEnv>, kind: K, view: View<K, V>) =>
  withScheduling(c, async (tx, ctx) =>
    (await listCatalog(tx, ctx.tenantId, kind)).map((row) => view(row, ctx.currency)),
  );

const save = <K extends Kind, V>(
  c: Context<AppEnv>,
  kind: K,
  view: View<K, V>,
  values: Record<string, unknown>,
  id?: string,
) =>
  withScheduling(c, async (tx, ctx) =>
    view(await saveCatalog(tx, ctx.tenantId, ctx.viewer, kind, values, id), ctx.currency),
  );

type Handlers<R extends typeof lessonTypeRoutes | typeof locationRoutes | typeof vehicleRoutes> = {
  list: RouteHandler<R['list'], AppEnv>;
  create: RouteHandler<R['create'], AppEnv>;
  replace: RouteHandler<R['replace'], AppEnv>;
};

export const lessonTypeHandlers: Handlers<typeof lessonTypeRoutes> = {
  list: async (c) => c.json({ data: await listAll(c, 'lessonTypes', lessonTypeView) }, 200),
  create: async (c) => c.json(await save(c, 'lessonTypes', lessonTypeView, c.req.valid('json')), 201),
  replace: async (c) =>
    c.json(await save(c, 'lessonTypes', lessonTypeView, c.req.valid('json'), c.req.valid('param').id), 200),
};

export const locationHandlers: Handlers<typeof locationRoutes> = {
  list: async (c) => c.json({ data: await listAll(c, 'locations', locationView) }, 200),
  create: async (c) => c.json(await save(c, 'locations', locationView, c.req.valid('json')), 201),
  replace: async (c) =>
    c.json(await save(c, 'locations', locationView, c.req.valid('json'), c.req.valid('param').id), 200),
};

export const vehicleHandlers: Handlers<typeof vehicleRoutes> = {
  list: async (c) => c.json({ data: await listAll(c, 'vehicles', vehicleView) }, 200),
  create: async (c) => c.json(await save(c, 'vehicles', vehicleView, c.req.valid('json')), 201),
  replace: async (c) =>
    c.json(await save(c, 'vehicles', vehicleView, c.req.valid('json'), c.req.valid('param').id), 200),
};
