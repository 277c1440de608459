import { OpenAPIHono } from '@hono/zod-openapi';
import { validationError } from '../errors/problem.ts';
import type { AppEnv } from './context.ts';

/**
 * Every router is made here, so every zod validation failure becomes the same problem+json
 * (thrown, and turned into a response by the one onError).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success)
        throw validationError(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}
