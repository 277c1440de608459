import type { Tx } from '@dualcontrol/db';
import { notFound } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';

export type DeviceView = {
  id: string;
  kind: 'web_push';
  endpointOrigin: string;
  userAgent: string | null;
  label: string | null;
  muted: boolean;
  criticalOnly: boolean;
  createdAt: string;
  lastSeenAt: string | null;
};

type Row = {
  id: string;
  endpoint: string;
  user_agent: string | null;
  label: string | null;
  muted: boolean | null;
  critical_only: boolean | null;
  created_at: string;
  last_seen_at: string | null;
};

const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

/** The endpoint is a capability (anyone holding it may push to the browser): only its origin is shown. */
const view = (r: Row): DeviceView => ({
  id: r.id,
  kind: 'web_push',
  endpointOrigin: new URL(r.endpoint).origin,
  userAgent: r.user_agent,
  label: r.label,
  muted: r.muted ?? false,
  criticalOnly: r.critical_only ?? false,
  createdAt: iso(r.created_at)!,
  lastSeenAt: iso(r.last_seen_at),
});

const SELECT = sql`select d.id, d.endpoint, d.user_agent, s.label, s.muted, s.critical_only,
                          d.created_at::text, d.last_seen_at::text
                     from user_devices d
                     left join device_settings s on s.tenant_id = d.tenant_id and s.device_id = d.id`;

export type Scope = { tx: Tx; tenantId: string; userId: string };

export async function listMyDevices({ tx, tenantId, userId }: Scope): Promise<DeviceView[]> {
  const rows = await tx.execute<Row>(sql`${SELECT}
     where d.tenant_id = ${tenantId} and d.user_id = ${userId} and d.kind = 'web_push'
     order by d.created_at, d.id`);
  return rows.map(view);
}

async function readMine(scope: Scope, id: string): Promise<DeviceView> {
  const [row] = await scope.tx.execute<Row>(sql`${SELECT}
     where d.tenant_id = ${scope.tenantId} and d.user_id = ${scope.userId} and d.id = ${id}`);
  if (!row) throw notFound('messaging.device_not_found', 'No such device of yours.');
  return view(row);
}

/**
 * Stores a browser's push subscription for the caller. Subscribing the same endpoint again (the
 * browser renews it, or the page asks twice) updates its keys and keeps the device and its
 * settings: one device per (person, endpoint).
 */
export async function subscribeDevice(
  scope: Scope,
  input: {
    endpoint: string;
    keys: { p256dh: string; auth: string };
    userAgent?: string | undefined;
    label?: string | undefined;
  },
): Promise<{ device: DeviceView; created: boolean }> {
  const { tx, tenantId, userId } = scope;
  const [row] = await tx.execute<{ id: string; created: boolean }>(sql`
    insert into user_devices (tenant_id, user_id, kind, endpoint, keys, user_agent, last_seen_at)
    values (${tenantId}, ${userId}, 'web_push', ${input.endpoint},
            ${JSON.stringify({ p256dh: input.keys.p256dh, auth: input.keys.auth })}::jsonb,
            ${input.userAgent ?? null}, now())
    on conflict (tenant_id, user_id, endpoint)
      do update set keys = excluded.keys, user_agent = coalesce(excluded.user_agent, user_devices.user_agent),
                    last_seen_at = now()
    returning id, (xmax = 0) as created`);
  await tx.execute(sql`
    insert into device_settings (tenant_id, device_id, label)
    values (${tenantId}, ${row!.id}, ${input.label ?? null})
    on conflict (tenant_id, device_id)
      do update set label = coalesce(excluded.label, device_settings.label), updated_at = now()`);
  return { device: await readMine(scope, row!.id), created: row!.created };
}

export async function updateDeviceSettings(
  scope: Scope,
  id: string,
  input: {
    label?: string | null | undefined;
    muted?: boolean | undefined;
    criticalOnly?: boolean | undefined;
  },
): Promise<DeviceView> {
  await readMine(scope, id); // 404 for anyone else's device, before anything is written
  await scope.tx.execute(sql`
    insert into device_settings (tenant_id, device_id, label, muted, critical_only)
    values (${scope.tenantId}, ${id}, ${input.label ?? null}, ${input.muted ?? false}, ${input.criticalOnly ?? false})
    on conflict (tenant_id, device_id) do update set
      label = ${input.label === undefined ? sql`device_settings.label` : sql`${input.label}`},
      muted = ${input.muted === undefined ? sql`device_settings.muted` : sql`${input.muted}`},
      critical_only = ${input.criticalOnly === undefined ? sql`device_settings.critical_only` : sql`${input.criticalOnly}`},
      updated_at = now()`);
  return readMine(scope, id);
}

/** Unsubscribes a device of the caller's; its pending push deliveries then fail as "device removed". */
export async function removeDevice(scope: Scope, id: string): Promise<void> {
  const removed = await scope.tx.execute(sql`
    delete from user_devices
     where tenant_id = ${scope.tenantId} and user_id = ${scope.userId} and id = ${id}
    returning id`);
  if (removed.length === 0) throw notFound('messaging.device_not_found', 'No such device of yours.');
}
