import type { Context } from 'hono';
import { AppError, type FieldError } from '../errors/app-error.ts';

/**
 * PostgreSQL text cannot hold U+0000: a name or note containing it reaches the database and fails
 * there as a 500. Every string a route accepts is checked once here, after its schema passed, so
 * no single field can forget it (the query string, path parameters and the JSON body alike).
 */
export function nulCharacterFields(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string')
    return value.includes('\u0000') ? [{ path, message: 'must not contain the NUL character (U+0000)' }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterFields(item, `${path}.${i}`));
  // Plain objects only: parsed values such as Date have nothing a client typed inside them.
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...nulCharacterFields(key, `${path}.${key}`),
      ...nulCharacterFields(item, `${path}.${key}`),
    ]);
  }
  return [];
}

export const nulCharacterError = (fields: FieldError[]) =>
  new AppError('request.nul_character', {
    status: 400,
    title: 'Invalid request',
    detail: `Text may not contain the NUL character (U+0000): ${fields.map((f) => f.path).join(', ')}`,
    fields,
  });

/**
 * A PATCH whose body names no field changes nothing: it is a client mistake (usually a form that
 * sent nothing), answered as one rather than passed to an update that has nothing to set.
 */
export function assertPatchChangesSomething(c: Context, target: string, data: unknown): void {
  if (c.req.method !== 'PATCH' || target !== 'json') return;
  if (data && typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length === 0) {
    throw new AppError('request.empty_patch', {
      status: 400,
      title: 'Nothing to change',
      detail: 'The request names no field to change: send at least one.',
      fields: [{ path: 'body', message: 'name at least one field to change' }],
    });
  }
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/**
 * A route that declares a required JSON body is validated even when none was sent, as `{}`
 * (Hono reads a missing body as an empty object): a schema whose fields are all optional would
 * then accept a request that said nothing. No body where one is required is the client's mistake.
 */
export function assertBodySent(c: Context, target: string): void {
  if (target !== 'json' || JSON_TYPE.test(c.req.header('content-type') ?? '')) return;
  throw new AppError('request.body_required', {
    status: 400,
    title: 'Invalid request',
    detail: 'This operation takes a JSON body (Content-Type: application/json); none was sent.',
    fields: [{ path: 'body', message: 'required' }],
  });
}
