import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '@dualcontrol/db';
import {
  applyModuleSeeds,
  applyTenantDefinition,
  findTenant,
  LoginThrottle,
  loginUser,
  readTenantFolder,
} from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { createTestDatabase, oneRow, type TestDatabase } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tenantsDir = join(import.meta.dirname, '..', '..', 'tenants');
const folders = readdirSync(tenantsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(tenantsDir, d.name));

describe('tenant definitions', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb.drop());

  it('ships the two demo schools, each valid, with an owner, an admin, 3 instructors and ≥ 8 students', async () => {
    expect(folders.map((f) => f.split('/').at(-1)).sort()).toEqual(['lakeside', 'northside']);
    for (const folder of folders) {
      const def = await readTenantFolder(folder);
      const count = (role: string) => def.users.filter((u) => u.roles.includes(role as never)).length;
      expect(count('owner'), def.slug).toBeGreaterThanOrEqual(1);
      expect(count('admin'), def.slug).toBeGreaterThanOrEqual(1);
      expect(count('instructor'), def.slug).toBe(3);
      expect(count('student'), def.slug).toBeGreaterThanOrEqual(8);
    }
    const northside = await readTenantFolder(folders.find((f) => f.endsWith('northside'))!);
    expect(northside).toMatchObject({ timezone: 'Europe/London', currency: 'GBP', locale: 'en-GB' });
    const lakeside = await readTenantFolder(folders.find((f) => f.endsWith('lakeside'))!);
    expect(lakeside).toMatchObject({ timezone: 'America/Chicago', currency: 'USD', locale: 'en-US' });
  });

  it('applying is idempotent: a second run changes nothing', async () => {
    const registry = createProductRegistry();
    const snapshot = async () =>
      oneRow(tdb.owner`select (select count(*) from tenants)::int as tenants, (select count(*) from users)::int as users,
                              (select count(*) from user_roles)::int as roles, (select count(*) from students)::int as students,
                              (select count(*) from instructors)::int as instructors, (select count(*) from tenant_modules)::int as modules,
                              (select count(*) from audit_logs)::int as audit`);
    const first = [];
    for (const folder of folders)
      first.push(
        await applyTenantDefinition(tdb.platformDb, registry, systemActor, await readTenantFolder(folder)),
      );
    expect(first.every((s) => s.created && s.usersCreated === 13)).toBe(true);
    const after1 = await snapshot();
    const second = [];
    for (const folder of folders)
      second.push(
        await applyTenantDefinition(tdb.platformDb, registry, systemActor, await readTenantFolder(folder)),
      );
    expect(second.every((s) => !s.created && s.usersCreated === 0 && s.usersKept === 13)).toBe(true);
    expect(await snapshot()).toEqual(after1);
    expect(after1).toMatchObject({ tenants: 2, users: 26, students: 16, instructors: 6, modules: 12 });
  });

  it('module demo data (scheduling.json, payments.json) applies idempotently under RLS', async () => {
    const registry = createProductRegistry();
    const counts = () =>
      oneRow(tdb.owner`select (select count(*) from lesson_types)::int as types, (select count(*) from locations)::int as locations,
                              (select count(*) from vehicles)::int as vehicles, (select count(*) from instructor_availability)::int as hours,
                              (select count(*) from lesson_packages)::int as packages`);
    for (const folder of folders) {
      const def = await readTenantFolder(folder);
      const tenant = (await findTenant(tdb.platformDb, { by: 'slug', slug: def.slug }))!;
      expect(await applyModuleSeeds(tdb.db, registry, tenant.id, folder)).toEqual(['scheduling', 'payments']);
    }
    const first = await counts();
    expect(first).toEqual({ types: 7, locations: 9, vehicles: 5, hours: 3 * 6 + 3 * 7, packages: 4 });
    for (const folder of folders) {
      const def = await readTenantFolder(folder);
      const tenant = (await findTenant(tdb.platformDb, { by: 'slug', slug: def.slug }))!;
      await applyModuleSeeds(tdb.db, registry, tenant.id, folder);
    }
    expect(await counts()).toEqual(first);
  });

  it('demo users can sign in with the documented passwords', async () => {
    const def = await readTenantFolder(folders.find((f) => f.endsWith('northside'))!);
    const tenant = (await findTenant(tdb.platformDb, { by: 'slug', slug: 'northside' }))!;
    const student = def.users.find((u) => u.roles.includes('student'))!;
    const session = await loginUser({ db: tdb.db, throttle: new LoginThrottle(tdb.platformDb) }, tenant, {
      email: student.email,
      password: 'northside-student-demo',
      ip: '127.0.0.1',
    });
    expect(session.user.roles).toEqual(['student']);
  });

  it('names the file and each field at fault in an invalid definition', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'tenant-'));
    await writeFile(
      join(dir, 'tenant.json'),
      JSON.stringify({
        slug: 'Bad',
        name: 'x',
        timezone: 'Nowhere/City',
        currency: 'gbp',
        locale: 'en-GB',
        modules: ['teleport'],
        users: [],
      }),
    );
    await expect(readTenantFolder(dir)).rejects.toThrow(
      /tenant\.json is not a valid tenant definition[\s\S]*slug[\s\S]*timezone[\s\S]*currency[\s\S]*modules\.0[\s\S]*users/,
    );
  });
});
