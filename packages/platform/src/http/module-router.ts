import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { ModuleId } from '../modules/contract.ts';
import type { AppEnv } from './context.ts';
import { createRouter } from './create-router.ts';
import { moduleGate, requireSession } from './middleware.ts';

/**
 * The only way a module declares operations. Each one is put behind the module gate as route
 * middleware (a path-wide `use` would also catch core routes sharing a prefix, such as
 * /api/v1/instructors), and an operation that declares `security` refuses anonymous callers
 * before its input is validated. There is deliberately no `get`/`use` here, so a module has no
 * way to declare an operation outside its gate.
 */
export class ModuleRouter {
  /** For the composing app to mount (create-app); modules declare through `openapi` only. */
  readonly app = createRouter();
  readonly #gate;

  constructor(readonly moduleId: ModuleId) {
    this.#gate = moduleGate(moduleId);
  }

  openapi<R extends RouteConfig>(route: R, handler: RouteHandler<R, AppEnv>): this {
    const guards = route.security?.length ? [this.#gate, requireSession] : [this.#gate];
    this.app.openapi({ ...route, middleware: [...guards, ...[route.middleware ?? []].flat()] }, handler);
    return this;
  }
}

export const createModuleRouter = (moduleId: ModuleId) => new ModuleRouter(moduleId);
