import type { AppEnv } from '@dualcontrol/platform';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';

/** A handler typed by its route: params, query and body arrive validated, answers are checked. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
