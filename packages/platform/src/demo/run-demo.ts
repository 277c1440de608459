import {
  type Database,
  demoRuns,
  instructors,
  type Keyring,
  type Role,
  students,
  systemActor,
  tenantModules,
  tenants,
  userRoles,
  users,
} from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import type { ModuleManifest } from '../modules/contract.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import { createViewer } from '../rbac/viewer.ts';
import { castLearners } from './cast.ts';
import { DemoClock } from './demo-clock.ts';
import type { DemoContext, DemoPerson } from './demo-context.ts';
import { localDay, localInstant } from './local-days.ts';
import { seededRandom } from './random.ts';

export type DemoRunResult = {
  /** False when the school's history was there already (the marker), and nothing was done. */
  ran: boolean;
  seed: string;
  generatedFor: string;
  summary: Record<string, Record<string, number>>;
  ms: number;
};

/** Dependencies first (the registry has checked there is no cycle): a layer reads the story of those it depends on. */
function inDependencyOrder(modules: readonly ModuleManifest[]): ModuleManifest[] {
  const byId = new Map(modules.map((m) => [m.id, m]));
  const out: ModuleManifest[] = [];
  const visit = (m: ModuleManifest) => {
    if (out.includes(m)) return;
    for (const dep of m.dependsOn) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
    out.push(m);
  };
  for (const m of modules) visit(m);
  return out;
}

/**
 * Gives a demo school its lived-in history: the cast (castLearners), then each enabled module's
 * `demo` layer in dependency order, all in one transaction of the school that ends by writing the
 * `demo_runs` marker — so the history exists completely or not at all, and a second run (the next
 * `npm start`) finds the marker and does nothing. Deterministic for a seed and a local date.
 */
export async function runDemo(options: {
  db: Database;
  registry: ModuleRegistry;
  tenantId: string;
  seed: string;
  keyring: Keyring;
  /** The real clock; only its local date in the school's zone matters. */
  now?: Date;
  step?: (message: string) => void;
}): Promise<DemoRunResult> {
  const started = performance.now();
  const { db, registry, tenantId, seed, keyring } = options;
  const step = options.step ?? (() => {});
  return db.withTenant(tenantId, systemActor, async (tx) => {
    // Two launchers on one database take turns; the second then finds the marker.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('demo:' || ${tenantId}, 0))`);
    const [done] = await tx.select().from(demoRuns).where(eq(demoRuns.tenantId, tenantId));
    if (done)
      return {
        ran: false,
        seed: done.seed,
        generatedFor: done.generatedFor,
        summary: done.summary,
        ms: Math.round(performance.now() - started),
      };

    const [school] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!school) throw new Error(`no school ${tenantId}`);
    const enabled = await tx
      .select({ id: tenantModules.moduleId })
      .from(tenantModules)
      .where(and(eq(tenantModules.tenantId, tenantId), eq(tenantModules.enabled, true)));
    const modules = enabled.map((m) => m.id);

    const rows = await tx
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        roles: sql<
          Role[]
        >`coalesce(array_agg(${userRoles.role}::text order by ${userRoles.role}) filter (where ${userRoles.role} is not null), '{}')`,
        instructorId: sql<
          string | null
        >`(select i.id from ${instructors} i where i.tenant_id = ${users.tenantId} and i.user_id = ${users.id})`,
        studentId: sql<
          string | null
        >`(select s.id from ${students} s where s.tenant_id = ${users.tenantId} and s.user_id = ${users.id})`,
      })
      .from(users)
      .leftJoin(userRoles, and(eq(userRoles.tenantId, users.tenantId), eq(userRoles.userId, users.id)))
      .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active')))
      .groupBy(users.tenantId, users.id)
      .orderBy(users.email);
    const people: DemoPerson[] = rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      email: r.email,
      roles: r.roles,
      instructorId: r.instructorId ?? undefined,
      studentId: r.studentId ?? undefined,
      actor: { kind: 'user', id: r.userId },
      viewer: createViewer({ id: r.userId, roles: r.roles }, r, registry),
    }));
    const withRole = (role: Role) => people.filter((p) => p.roles.includes(role));
    const instructorsOf = withRole('instructor').filter(
      (p): p is DemoPerson & { instructorId: string } => !!p.instructorId,
    );
    const studentsOf = withRole('student').filter(
      (p): p is DemoPerson & { studentId: string } => !!p.studentId,
    );
    const office = withRole('admin')[0] ?? withRole('owner')[0];
    if (!office) throw new Error(`school ${school.slug} has neither an admin nor an owner to run the office`);

    const today = localDay(options.now ?? new Date(), school.timezone);
    const random = seededRandom(`${seed}:${school.slug}`);
    const learners = castLearners({
      students: studentsOf,
      instructors: instructorsOf,
      today,
      random: random.fork('cast'),
    });
    const facts = new Map<string, unknown>();
    const finals: { moduleId: string; label: string; work: () => Promise<Record<string, number>> }[] = [];
    let current = '';
    const ctx: Omit<DemoContext, 'random'> = {
      tx,
      school: {
        tenantId,
        slug: school.slug,
        name: school.name,
        timezone: school.timezone,
        currency: school.currency,
        locale: school.locale,
      },
      modules,
      seed,
      today,
      startOfToday: localInstant(today, '00:00', school.timezone),
      keyring,
      people: {
        owners: withRole('owner'),
        admins: withRole('admin'),
        instructors: instructorsOf,
        students: studentsOf,
      },
      office,
      learners,
      story: { publish: (id, value) => facts.set(id, value), read: (id) => facts.get(id) },
      clock: new DemoClock(),
      afterAll: (label, work) => finals.push({ moduleId: current, label, work }),
      step,
    };

    const summary: Record<string, Record<string, number>> = {};
    const layers: string[] = [];
    for (const module of inDependencyOrder(registry.modules)) {
      if (!module.demo || !modules.includes(module.id)) continue;
      const t0 = performance.now();
      current = module.id;
      summary[module.id] = await module.demo({ ...ctx, random: random.fork(module.id) });
      layers.push(module.id);
      const made =
        Object.entries(summary[module.id]!)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ') || 'its part comes after the other layers';
      step(`demo ${school.slug}: ${module.id} — ${made} (${Math.round(performance.now() - t0)} ms)`);
    }
    // The work that needs every layer's events (each counted in its module's summary).
    for (const f of finals) {
      const t0 = performance.now();
      const made = await f.work();
      summary[f.moduleId] = { ...summary[f.moduleId], ...made };
      const line = Object.entries(made)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
      step(
        `demo ${school.slug}: ${f.moduleId} ${f.label} — ${line} (${Math.round(performance.now() - t0)} ms)`,
      );
    }
    await tx.insert(demoRuns).values({ tenantId, seed, generatedFor: today, layers, summary });
    return { ran: true, seed, generatedFor: today, summary, ms: Math.round(performance.now() - started) };
  });
}
