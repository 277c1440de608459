import { type Tx, tenantDomains, tenants, userDevices, users } from '@dualcontrol/db';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Branding } from '../templates/layout.ts';

/** A recipient's addresses: email, phone (students only have one on file), web-push devices. */
export type Contact = { name: string; email: string; phone: string | null; devices: string[] };

const CHUNK = 5000;
const chunks = <T>(list: T[]) =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

export async function readContacts(
  tx: Tx,
  tenantId: string,
  userIds: string[],
): Promise<Map<string, Contact>> {
  const out = new Map<string, Contact>();
  for (const ids of chunks(userIds)) {
    const rows = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        phone: sql<string | null>`(
          select s.phone from students s where s.tenant_id = users.tenant_id and s.user_id = users.id)`,
      })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active'), inArray(users.id, ids)));
    for (const r of rows) out.set(r.id, { name: r.name, email: r.email, phone: r.phone, devices: [] });
    const devices = await tx
      .select({ id: userDevices.id, userId: userDevices.userId })
      .from(userDevices)
      .where(
        and(
          eq(userDevices.tenantId, tenantId),
          eq(userDevices.kind, 'web_push'),
          inArray(userDevices.userId, ids),
        ),
      )
      .orderBy(userDevices.createdAt);
    for (const d of devices) out.get(d.userId)?.devices.push(d.id);
  }
  return out;
}

/**
 * Learners at the wheel now: a lesson they are in is under way (started, its end not yet
 * passed). Their non-critical news waits for the end of it (scheduling's bookings, read by SQL:
 * messaging does not depend on scheduling at run time).
 */
export async function drivingUntil(
  tx: Tx,
  tenantId: string,
  userIds: string[],
  now: Date,
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  for (const ids of chunks(userIds)) {
    const rows = await tx.execute<{ user_id: string; until: string }>(sql`
      select s.user_id, max(b.ends_at)::text as until
        from bookings b join students s on s.tenant_id = b.tenant_id and s.id = b.student_id
       where b.tenant_id = ${tenantId} and b.status = 'in_progress' and b.ends_at > ${now.toISOString()}::timestamptz
         and s.user_id = any(${`{${ids.join(',')}}`}::uuid[])
       group by s.user_id`);
    for (const r of rows) out.set(r.user_id, new Date(r.until));
  }
  return out;
}

export type SchoolInfo = { name: string; url: string; timezone: string; locale: string; branding: Branding };

/**
 * The school's name, zone, language and look, and where its portal lives: its verified custom
 * domain, else the portal's per-school host (`<slug>.localhost:3001` on the embedded defaults).
 */
export async function readSchool(tx: Tx, tenantId: string): Promise<SchoolInfo> {
  const [t] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw new Error(`no tenant ${tenantId}`);
  const [domain] = await tx
    .select({ domain: tenantDomains.domain })
    .from(tenantDomains)
    .where(and(eq(tenantDomains.tenantId, tenantId), isNotNull(tenantDomains.verifiedAt)))
    .limit(1);
  return {
    name: t.name,
    url: domain ? `https://${domain.domain}` : `http://${t.slug}.localhost:3001`,
    timezone: t.timezone,
    locale: t.locale,
    branding: { name: t.name, primaryColor: t.branding.primaryColor, logoUrl: t.branding.logoUrl },
  };
}
