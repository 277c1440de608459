import type { Env } from '@dualcontrol/config';
import { type AppEnv, badRequest, requestTx, requireTenant, requireUser } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { resolveVapidKeys, type VapidKeys } from '../channels/push/vapid-keys.ts';
import * as devices from './device-service.ts';
import type * as routes from './devices.routes.ts';

const scope = (c: Context<AppEnv>): devices.Scope => ({
  tx: requestTx(c),
  tenantId: requireTenant(c).id,
  userId: requireUser(c).id,
});

const vapidByEnv = new WeakMap<Env, VapidKeys>();

export const vapidPublicKey: RouteHandler<typeof routes.vapidPublicKey, AppEnv> = async (c) => {
  requireUser(c);
  const env = c.get('deps').env;
  let keys = vapidByEnv.get(env);
  if (!keys) {
    keys = resolveVapidKeys(env);
    vapidByEnv.set(env, keys);
  }
  return c.json({ publicKey: keys.publicKey }, 200);
};

export const listDevices: RouteHandler<typeof routes.listDevices, AppEnv> = async (c) =>
  c.json({ data: await devices.listMyDevices(scope(c)) }, 200);

export const subscribeDevice: RouteHandler<typeof routes.subscribeDevice, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const s = scope(c);
  // The worker posts to this URL: in production only https push services.
  if (c.get('deps').env.NODE_ENV === 'production' && !body.endpoint.startsWith('https:'))
    throw badRequest('messaging.push_endpoint_insecure', 'A push endpoint must be https.', [
      { path: 'body.endpoint', message: 'must be an https URL' },
    ]);
  const { device, created } = await devices.subscribeDevice(s, {
    endpoint: body.endpoint,
    keys: body.keys,
    userAgent: body.userAgent ?? c.req.header('user-agent'),
    label: body.label,
  });
  return created ? c.json(device, 201) : c.json(device, 200);
};

export const updateDevice: RouteHandler<typeof routes.updateDevice, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await devices.updateDeviceSettings(scope(c), id, c.req.valid('json')), 200);
};

export const removeDevice: RouteHandler<typeof routes.removeDevice, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await devices.removeDevice(scope(c), id);
  return c.body(null, 204);
};
