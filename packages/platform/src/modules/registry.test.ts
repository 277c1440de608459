import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type RolePermissions } from '../rbac/role-permissions.ts';
import type { ModuleManifest } from './contract.ts';
import { createModuleRegistry } from './registry.ts';

const scheduling: ModuleManifest = {
  id: 'scheduling',
  title: 'Scheduling',
  version: '0',
  dependsOn: [],
  permissions: ['scheduling:booking:read:any', 'scheduling:booking:read:own'],
};
const table = (extra: RolePermissions['owner']): RolePermissions => ({
  owner: ['tenant:manage', 'scheduling:booking:read:any', ...extra],
  admin: [],
  instructor: ['scheduling:booking:read:own'],
  student: ['students:read:own'],
  guardian: [],
});

describe('the role table, checked at boot', () => {
  it('grants core and declared module permissions', () => {
    const registry = createModuleRegistry([scheduling], table([]));
    expect([...registry.permissionsOf(['owner'])].sort()).toEqual([
      'scheduling:booking:read:any',
      'tenant:manage',
    ]);
    expect([...registry.permissionsOf(['instructor', 'student'])].sort()).toEqual([
      'scheduling:booking:read:own',
      'students:read:own',
    ]);
  });

  it('refuses a permission its module does not declare', () => {
    expect(() => createModuleRegistry([scheduling], table(['scheduling:booking:delete:any']))).toThrow(
      /role "owner" is granted "scheduling:booking:delete:any", which module "scheduling" does not declare/,
    );
  });

  it('refuses a permission that is neither core nor any module’s', () => {
    expect(() => createModuleRegistry([scheduling], table(['students:delete' as 'students:create']))).toThrow(
      /neither a core permission nor a module's/,
    );
  });

  it('refuses a manifest declaring outside its own namespace', () => {
    expect(() =>
      createModuleRegistry([{ ...scheduling, permissions: ['payments:refunds:create'] }], table([])),
    ).toThrow(/outside its own namespace/);
  });

  it('a module that is not registered grants nothing (its rows of the table are dropped)', () => {
    const registry = createModuleRegistry([scheduling], {
      ...table([]),
      owner: ['payments:refunds:create'],
    });
    expect(registry.permissionsOf(['owner']).size).toBe(0);
  });

  it('the real table passes against an empty registry (core only)', () => {
    expect(createModuleRegistry([], ROLE_PERMISSIONS).permissionsOf(['owner']).has('tenant:manage')).toBe(
      true,
    );
  });
});
