import { OpenAPIHono } from '@hono/zod-openapi';
import { validationError } from '../errors/problem.ts';
import type { AppEnv } from './context.ts';
import {
  assertBodySent,
  assertPatchChangesSomething,
  nulCharacterError,
  nulCharacterFields,
} from './input-guards.ts';

/**
 * Every router is made here (module routers too, through createModuleRouter), so every zod
 * validation failure becomes the same problem+json (thrown, and turned into a response by the
 * one onError), and the checks that hold for every input of every route run in one place: no
 * NUL character in any text, no PATCH that changes nothing, no missing body where one is required.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      const target = result.target === 'json' ? 'body' : result.target;
      assertBodySent(c, result.target);
      if (!result.success) throw validationError(result.error, target);
      const nul = nulCharacterFields(result.data, target);
      if (nul.length) throw nulCharacterError(nul);
      assertPatchChangesSomething(c, result.target, result.data);
    },
  });
}
