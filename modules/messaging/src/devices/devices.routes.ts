import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Devices'];

const base64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+=*$/, `expected base64url (${what})`)
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `expected ${bytes} bytes (${what})`);

const Device = z
  .object({
    id: z.string(),
    kind: z.literal('web_push'),
    endpointOrigin: z
      .string()
      .openapi({ description: 'The push service (the endpoint itself is never shown)' }),
    userAgent: z.string().nullable(),
    label: z.string().nullable(),
    muted: z.boolean(),
    criticalOnly: z.boolean(),
    createdAt: z.string(),
    lastSeenAt: z.string().nullable(),
  })
  .openapi('Device');

export const vapidPublicKey = createRoute({
  method: 'get',
  path: '/api/v1/messaging/push/public-key',
  tags,
  summary:
    "The application server key browsers subscribe with (PushManager.subscribe's applicationServerKey)",
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z.object({ publicKey: z.string() }).openapi('VapidPublicKey'),
      'The VAPID public key (base64url)',
    ),
    ...problemResponses(401),
  },
});

export const listDevices = createRoute({
  method: 'get',
  path: '/api/v1/messaging/devices',
  tags,
  summary: 'My push devices',
  security: sessionSecurity,
  responses: {
    200: jsonContent(z.object({ data: z.array(Device) }), 'The caller’s devices, oldest first'),
    ...problemResponses(401),
  },
});

export const subscribeDevice = createRoute({
  method: 'post',
  path: '/api/v1/messaging/devices',
  tags,
  summary: 'Subscribe this browser to web push (the PushSubscription as the browser gives it)',
  description:
    'Subscribing an endpoint again updates its keys and keeps the device (200); a new one is 201. Endpoints must be https (http is accepted outside production, for local push services).',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z.strictObject({
        endpoint: z.url({ protocol: /^https?$/ }).max(2048),
        expirationTime: z.number().nullable().optional(),
        keys: z.strictObject({
          p256dh: base64url(65, 'an uncompressed P-256 public key'),
          auth: base64url(16, 'the auth secret'),
        }),
        label: z.string().trim().min(1).max(80).optional(),
        userAgent: z.string().max(400).optional(),
      }),
    ),
  },
  responses: {
    200: jsonContent(Device, 'Already subscribed: keys updated'),
    201: jsonContent(Device, 'Subscribed'),
    ...problemResponses(...BODY_PROBLEMS, 401),
  },
});

export const updateDevice = createRoute({
  method: 'patch',
  path: '/api/v1/messaging/devices/{id}',
  tags,
  summary: 'A device’s own settings: its name, muted, or critical notifications only',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        label: z.string().trim().min(1).max(80).nullable().optional(),
        muted: z.boolean().optional(),
        criticalOnly: z.boolean().optional(),
      }),
    ),
  },
  responses: { 200: jsonContent(Device, 'Updated'), ...problemResponses(...BODY_PROBLEMS, 401, 404) },
});

export const removeDevice = createRoute({
  method: 'delete',
  path: '/api/v1/messaging/devices/{id}',
  tags,
  summary: 'Unsubscribe a device of mine',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 404) },
});
