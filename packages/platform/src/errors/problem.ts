import { pgErrorCode } from '@dualcontrol/db';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError, type FieldError } from './app-error.ts';

export const PROBLEM_BASE = 'https://dualcontrol.app/problems/';
export const problemContentType = 'application/problem+json';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
};

export function problemBody(error: AppError, instance?: string, requestId?: string): Problem {
  return {
    type: `${PROBLEM_BASE}${error.code.replace('.', '/')}`,
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    code: error.code,
    ...(requestId ? { requestId } : {}),
    ...(error.fields.length ? { errors: error.fields } : {}),
    ...error.extra,
  };
}

/** zod issues as field errors, prefixed with where they came from (`body`, `query`, `path`). */
export function fieldErrors(error: ZodError, target: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [target, ...issue.path.map(String)].filter(Boolean).join('.');
    // Unknown keys are reported once per key, each with its own path.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: 'unknown field' }));
    }
    return [{ path: base, message: issue.message }];
  });
}

export function validationError(error: ZodError, target: string): AppError {
  const fields = fieldErrors(error, target);
  return new AppError('request.validation_failed', {
    status: 400,
    title: 'Invalid request',
    detail: `Some fields are not valid: ${fields.map((f) => f.path).join(', ')}`,
    fields,
  });
}

/** Maps whatever was thrown to an AppError; anything unknown is a 500 whose details stay in the log. */
/**
 * PostgreSQL going away (a restart, a failover, a dropped network): the server's shutdown and
 * connection SQLSTATEs, and the driver's and the socket's codes for a connection that is gone or
 * cannot be made. A transaction cut off this way never committed, so the client may retry.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up or shutting down)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

export function databaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  }
  return false;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    const status = error.status;
    const byStatus: Record<number, [string, string, string]> = {
      400: ['request.malformed', 'Bad request', 'The request body could not be read as JSON.'],
      404: ['request.not_found', 'Not found', 'No such resource.'],
      405: ['request.method_not_allowed', 'Method not allowed', 'This method is not allowed here.'],
      413: ['request.too_large', 'Payload too large', 'The request body is larger than allowed.'],
      415: ['request.unsupported_media_type', 'Unsupported media type', 'Send the body as application/json.'],
    };
    const [code, title, detail] = byStatus[status] ?? ['request.error', 'Request error', error.message];
    return new AppError(code, { status, title, detail });
  }
  // A unique index refusing a row is the client asking for a second thing of a kind the school
  // may have only one of (a package or lesson type name, a registration): a conflict with what
  // exists, whichever write ran into it, never a 500.
  if (pgErrorCode(error) === '23505') {
    return new AppError('request.already_exists', {
      status: 409,
      title: 'Conflict',
      detail: 'Something with these details already exists here (a name or number must be unique).',
      cause: error,
    });
  }
  if (databaseUnavailable(error)) {
    return new AppError('service.database_unavailable', {
      status: 503,
      title: 'Service unavailable',
      detail: 'The database cannot be reached at the moment; nothing was changed. Try again shortly.',
      headers: { 'Retry-After': '2' },
      cause: error,
    });
  }
  return new AppError('internal', {
    status: 500,
    title: 'Internal server error',
    detail: 'Something went wrong on our side. Quote the request id when reporting it.',
    cause: error,
  });
}

export function problemResponse(c: Context, error: AppError): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const body = problemBody(error, new URL(c.req.url).pathname, requestId);
  for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
  return c.body(JSON.stringify(body), error.status as ContentfulStatusCode, {
    'Content-Type': problemContentType,
  });
}
