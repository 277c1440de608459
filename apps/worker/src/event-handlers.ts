import type { ModuleManifest, RegisteredHandler, WorkerDeps } from '@dualcontrol/platform';

/** Every module's event subscriptions, tagged with their module so disabled tenants are skipped. */
export function collectEventHandlers(
  modules: readonly ModuleManifest[],
  deps: WorkerDeps,
): RegisteredHandler[] {
  const handlers = modules.flatMap((m) =>
    (m.subscriptions?.({ ...deps, modules: deps.modules ?? modules }) ?? []).map((s) => ({
      ...s,
      moduleId: m.id,
    })),
  );
  const ids = new Set<string>();
  for (const h of handlers) {
    if (ids.has(h.id)) throw new Error(`event handler id "${h.id}" is used twice`);
    ids.add(h.id);
  }
  return handlers;
}
