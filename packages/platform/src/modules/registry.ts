import type { Role } from '@dualcontrol/db';
import { AppError, conflict } from '../errors/app-error.ts';
import type { ModuleId, ModuleManifest } from './contract.ts';

export type ModuleRegistry = {
  modules: readonly ModuleManifest[];
  get(id: string): ModuleManifest | undefined;
  has(id: string): id is ModuleId;
  /** Throws 409 when turning `id` on/off would leave an enabled module without a dependency. */
  assertToggleAllowed(enabled: ReadonlySet<string>, id: string, on: boolean): void;
  /** Throws 409 when a set of enabled modules misses a dependency. */
  assertConsistent(enabled: ReadonlySet<string>): void;
  permissionsOf(roles: readonly Role[]): Set<string>;
};

/** Validates the dependency graph at boot: unknown dependency or a cycle stops the process. */
export function createModuleRegistry(manifests: readonly ModuleManifest[]): ModuleRegistry {
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
      const out = new Set<string>();
      for (const m of manifests)
        for (const role of roles) for (const p of m.permissions?.[role] ?? []) out.add(p);
      return out;
    },
  };
  return registry;
}

export const moduleDisabled = (id: string) =>
  new AppError('modules.disabled', {
    status: 404,
    title: 'Module not enabled',
    detail: `The "${id}" module is not enabled for this school.`,
    extra: { module: id },
  });
