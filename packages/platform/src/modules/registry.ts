import type { Role } from '@dualcontrol/db';
import { AppError, conflict } from '../errors/app-error.ts';
import { isCorePermission, type Permission } from '../rbac/permissions.ts';
import { ROLE_PERMISSIONS, type RolePermissions } from '../rbac/role-permissions.ts';
import { MODULE_IDS, type ModuleId, type ModuleManifest } from './contract.ts';

export type ModuleRegistry = {
  modules: readonly ModuleManifest[];
  get(id: string): ModuleManifest | undefined;
  has(id: string): id is ModuleId;
  /** Throws 409 when turning `id` on/off would leave an enabled module without a dependency. */
  assertToggleAllowed(enabled: ReadonlySet<string>, id: string, on: boolean): void;
  /** Throws 409 when a set of enabled modules misses a dependency. */
  assertConsistent(enabled: ReadonlySet<string>): void;
  /** Core and registered modules' permissions the roles hold, from the one role table. */
  permissionsOf(roles: readonly Role[]): ReadonlySet<Permission>;
};

/**
 * Validates at boot: the dependency graph (an unknown dependency or a cycle stops the process) and
 * the role table (every permission it grants is declared by core or by its module's manifest).
 */
export function createModuleRegistry(
  manifests: readonly ModuleManifest[],
  roleTable: RolePermissions = ROLE_PERMISSIONS,
): ModuleRegistry {
  const byId = new Map<string, ModuleManifest>();
  for (const m of manifests) {
    if (byId.has(m.id)) throw new Error(`module "${m.id}" is registered twice`);
    byId.set(m.id, m);
  }
  for (const m of manifests) {
    for (const dep of m.dependsOn) {
      if (!byId.has(dep)) throw new Error(`module "${m.id}" depends on "${dep}", which is not registered`);
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string, path: string[]) => {
    if (done.has(id)) return;
    if (visiting.has(id)) throw new Error(`module dependency cycle: ${[...path, id].join(' → ')}`);
    visiting.add(id);
    for (const dep of byId.get(id)!.dependsOn) visit(dep, [...path, id]);
    visiting.delete(id);
    done.add(id);
  };
  for (const m of manifests) visit(m.id, []);
  const granted = grantsOf(roleTable, byId);

  const unknownModule = (id: string) =>
    new AppError('modules.unknown', {
      status: 404,
      title: 'Not found',
      detail: `There is no module "${id}". Known modules: ${[...byId.keys()].join(', ')}.`,
      extra: { module: id },
    });

  const registry: ModuleRegistry = {
    modules: manifests,
    get: (id) => byId.get(id),
    has: (id): id is ModuleId => byId.has(id),
    assertToggleAllowed(enabled, id, on) {
      const m = byId.get(id);
      if (!m) throw unknownModule(id);
      if (on) {
        const missing = m.dependsOn.filter((d) => !enabled.has(d));
        if (missing.length) {
          throw conflict(
            'modules.dependency_disabled',
            `Module "${id}" needs ${missing.map((d) => `"${d}"`).join(', ')} enabled first.`,
            { module: id, missing },
          );
        }
      } else {
        const dependants = manifests
          .filter((d) => enabled.has(d.id) && d.dependsOn.includes(m.id))
          .map((d) => d.id);
        if (dependants.length) {
          throw conflict(
            'modules.required_by_enabled',
            `Module "${id}" is needed by ${dependants.map((d) => `"${d}"`).join(', ')}; disable those first.`,
            { module: id, dependants },
          );
        }
      }
    },
    assertConsistent(enabled) {
      for (const id of enabled) {
        if (!byId.has(id)) throw unknownModule(id);
        registry.assertToggleAllowed(enabled, id, true);
      }
    },
    permissionsOf(roles) {
      if (roles.length === 1) return granted.get(roles[0]!) ?? EMPTY;
      const out = new Set<Permission>();
      for (const role of roles) for (const p of granted.get(role) ?? EMPTY) out.add(p);
      return out;
    },
  };
  return registry;
}

const EMPTY: ReadonlySet<Permission> = new Set();

/** The role table checked against the declarations; grants of modules not registered are dropped. */
function grantsOf(
  table: RolePermissions,
  byId: ReadonlyMap<string, ModuleManifest>,
): Map<Role, ReadonlySet<Permission>> {
  for (const m of byId.values()) {
    for (const p of m.permissions ?? []) {
      if (!p.startsWith(`${m.id}:`))
        throw new Error(`module "${m.id}" declares "${p}", outside its own namespace`);
    }
  }
  const out = new Map<Role, ReadonlySet<Permission>>();
  for (const [role, permissions] of Object.entries(table) as [Role, readonly Permission[]][]) {
    const held = new Set<Permission>();
    for (const p of permissions) {
      if (isCorePermission(p)) {
        held.add(p);
        continue;
      }
      const owner = p.slice(0, p.indexOf(':'));
      if (!(MODULE_IDS as readonly string[]).includes(owner))
        throw new Error(
          `role "${role}" is granted "${p}", which is neither a core permission nor a module's`,
        );
      const m = byId.get(owner);
      if (!m) continue;
      if (!m.permissions?.includes(p))
        throw new Error(`role "${role}" is granted "${p}", which module "${owner}" does not declare`);
      held.add(p);
    }
    out.set(role, held);
  }
  return out;
}

export const moduleDisabled = (id: string) =>
  new AppError('modules.disabled', {
    status: 404,
    title: 'Module not enabled',
    detail: `The "${id}" module is not enabled for this school.`,
    extra: { module: id },
  });
