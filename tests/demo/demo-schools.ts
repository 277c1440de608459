import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyring, systemActor } from '@dualcontrol/db';
import {
  applyModuleSeeds,
  applyTenantDefinition,
  readTenantFolder,
  runDemo,
  type TenantDefinition,
} from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import type { TestDatabase } from '@dualcontrol/testing';

const tenantsDir = join(import.meta.dirname, '..', '..', 'tenants');
export const demoFolders = readdirSync(tenantsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(tenantsDir, d.name));

export const registry = createProductRegistry();

/** Applies a demo school's definition and seeds as `npm start` does; returns its id. */
export async function applySchool(
  tdb: TestDatabase,
  folder: string,
): Promise<{ id: string; def: TenantDefinition }> {
  const def = await readTenantFolder(folder);
  const s = await applyTenantDefinition(tdb.platformDb, registry, systemActor, def);
  await applyModuleSeeds(tdb.db, registry, s.tenantId, folder);
  return { id: s.tenantId, def };
}

/** The demo's history for one school, as the launcher runs it (a fixed clock when given). */
export const simulate = (
  tdb: TestDatabase,
  tenantId: string,
  opts: { seed?: string; now?: Date; step?: (message: string) => void } = {},
) =>
  runDemo({
    db: tdb.db,
    registry,
    tenantId,
    seed: opts.seed ?? 'test-seed',
    keyring: parseKeyring(tdb.env.ENCRYPTION_KEYS),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.step ? { step: opts.step } : {}),
  });

/** Rows per tenant table for one school (the owner reads across RLS; the catalog lists the tables). */
export async function rowCounts(tdb: TestDatabase, tenantId: string): Promise<Record<string, number>> {
  const tables = await tdb.owner<{ name: string }[]>`
    select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where c.relkind in ('r', 'p') order by c.relname`;
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await tdb.owner.unsafe<{ n: number }[]>(
      `select count(*)::int as n from "${name}" where tenant_id = $1`,
      [tenantId],
    );
    out[name] = row!.n;
  }
  return out;
}

/**
 * What a school's history is, without ids or wall-clock stamps: who had which lesson when and how it
 * ended, every skill level recorded, tests, mock tests, documents and goals. Equal for equal seeds.
 */
export async function fingerprint(tdb: TestDatabase, tenantId: string) {
  const o = tdb.owner;
  return {
    bookings: await o`select su.email as student, iu.email as instructor, b.starts_at, b.ends_at, b.status,
        b.cancellation_fee_minor, lt.name as type
      from bookings b join students s on s.tenant_id = b.tenant_id and s.id = b.student_id
      join users su on su.tenant_id = s.tenant_id and su.id = s.user_id
      join instructors i on i.tenant_id = b.tenant_id and i.id = b.instructor_id
      join users iu on iu.tenant_id = i.tenant_id and iu.id = i.user_id
      left join lesson_types lt on lt.tenant_id = b.tenant_id and lt.id = b.lesson_type_id
      where b.tenant_id = ${tenantId} order by b.starts_at, su.email`,
    progress: await o`select su.email as student, sk.name as skill, lp.taught_at, lp.level, lp.note
      from lesson_progress lp join students s on s.tenant_id = lp.tenant_id and s.id = lp.student_id
      join users su on su.tenant_id = s.tenant_id and su.id = s.user_id
      join skills sk on sk.tenant_id = lp.tenant_id and sk.id = lp.skill_id
      where lp.tenant_id = ${tenantId} order by lp.taught_at, su.email, sk.name`,
    tests: await o`select su.email as student, t.kind, t.test_on, t.status, t.driving_faults, t.serious_faults
      from test_records t join students s on s.tenant_id = t.tenant_id and s.id = t.student_id
      join users su on su.tenant_id = s.tenant_id and su.id = s.user_id
      where t.tenant_id = ${tenantId} order by t.test_on, su.email, t.kind`,
    mocks: await o`select su.email as student, e.taken_at, e.result, e.driving_faults, e.serious_faults
      from student_evaluations e join students s on s.tenant_id = e.tenant_id and s.id = e.student_id
      join users su on su.tenant_id = s.tenant_id and su.id = s.user_id
      where e.tenant_id = ${tenantId} order by e.taken_at, su.email`,
    documents: await o`select u.email, d.category, d.issued_on, d.expires_on, d.verified_at
      from documents d join users u on u.tenant_id = d.tenant_id and u.id = d.user_id
      where d.tenant_id = ${tenantId} order by u.email, d.category, d.issued_on`,
    payments:
      await o`select su.email as student, p.purpose, p.method, p.status, p.amount_minor, p.succeeded_at
      from payments p join students s on s.tenant_id = p.tenant_id and s.id = p.student_id
      join users su on su.tenant_id = s.tenant_id and su.id = s.user_id
      where p.tenant_id = ${tenantId} order by p.succeeded_at, su.email, p.purpose, p.amount_minor`,
    refunds: await o`select r.amount_minor, r.destination, r.status, r.reason from refunds r
      where r.tenant_id = ${tenantId} order by r.amount_minor, r.reason`,
    earnings:
      await o`select iu.email as instructor, e.earnings_minor, e.earned_at, e.payout_report_id is not null as paid_out
      from earnings_records e join instructors i on i.tenant_id = e.tenant_id and i.id = e.instructor_id
      join users iu on iu.tenant_id = i.tenant_id and iu.id = i.user_id
      where e.tenant_id = ${tenantId} order by e.earned_at, iu.email`,
    messages: await o`select t.subject, u.email as sender, m.body, m.created_at
      from messages m join message_threads t on t.tenant_id = m.tenant_id and t.id = m.thread_id
      join users u on u.tenant_id = m.tenant_id and u.id = m.sender_id
      where m.tenant_id = ${tenantId} order by m.created_at, u.email`,
    contacts: await o`select c.name, c.stage, c.lost_reason, c.source,
        (select count(*)::int from crm_interactions i where i.tenant_id = c.tenant_id and i.contact_id = c.id) as interactions,
        (select array_agg(t.title || ':' || t.status || ':' || t.due_on order by t.title, t.due_on) from crm_tasks t
          where t.tenant_id = c.tenant_id and t.contact_id = c.id) as tasks
      from crm_contacts c where c.tenant_id = ${tenantId} order by c.name`,
    facts:
      await o`select day, lessons_taught, cancellations, late_cancellations, revenue_minor, refunded_minor, new_enquiries
      from analytics_school_days where tenant_id = ${tenantId} order by day`,
    goals: await o`select su.email as student, g.title, g.status, g.reached_at, g.target_test_on
      from student_goals g join students s on s.tenant_id = g.tenant_id and s.id = g.student_id
      join users su on su.tenant_id = s.tenant_id and su.id = s.user_id
      where g.tenant_id = ${tenantId} order by su.email, g.title`,
  };
}
