import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors/app-error.ts';
import type { ModuleId } from '../modules/contract.ts';
import type { AppEnv } from './context.ts';
import { createRouter } from './create-router.ts';
import { moduleGate, requireSession } from './middleware.ts';

/** A file-upload operation: its own body limit, multipart instead of JSON (see `upload`). */
export type UploadRoute = { method: string; pattern: RegExp; maxBytes: number };

/** `/api/v1/lessons/{id}/attachments` → a regex matching concrete paths of that operation. */
const pathPattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}$`);

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
  /** Upload operations, which the app exempts from its JSON-only rule and global body limit. */
  readonly uploads: UploadRoute[] = [];
  readonly #gate;

  constructor(readonly moduleId: ModuleId) {
    this.#gate = moduleGate(moduleId);
  }

  openapi<R extends RouteConfig>(route: R, handler: RouteHandler<R, AppEnv>): this {
    const guards = route.security?.length ? [this.#gate, requireSession] : [this.#gate];
    this.app.openapi({ ...route, middleware: [...guards, ...[route.middleware ?? []].flat()] }, handler);
    return this;
  }

  /**
   * A multipart file upload: the app's JSON-only rule and its body limit (BODY_LIMIT_BYTES) do
   * not apply; `maxBytes` does, checked after the gate and the session (an anonymous caller
   * cannot make us read a large body). The handler reads and checks the file itself.
   */
  upload<R extends RouteConfig>(
    route: R,
    handler: RouteHandler<R, AppEnv>,
    opts: { maxBytes: number },
  ): this {
    this.uploads.push({
      method: route.method.toUpperCase(),
      pattern: pathPattern(route.path),
      maxBytes: opts.maxBytes,
    });
    const limit = bodyLimit({
      maxSize: opts.maxBytes,
      onError: () => {
        throw new AppError('request.too_large', {
          status: 413,
          title: 'Payload too large',
          detail: `The upload is larger than ${opts.maxBytes} bytes.`,
          fields: [{ path: 'body.file', message: `larger than ${opts.maxBytes} bytes` }],
        });
      },
    });
    return this.openapi({ ...route, middleware: [limit, ...[route.middleware ?? []].flat()] }, handler);
  }
}

export const createModuleRouter = (moduleId: ModuleId) => new ModuleRouter(moduleId);
