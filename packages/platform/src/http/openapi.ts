import { z } from '@hono/zod-openapi';
import { problemContentType } from '../errors/problem.ts';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (problem+json with the fields at fault)',
  401: 'Not signed in, or the session is no longer valid',
  403: 'Signed in but not allowed',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict with the current state',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Idempotency key reused with a different request',
  429: 'Too many requests: a rate limit or the sign-in throttle (see Retry-After and RateLimit-*)',
  500: 'Unexpected server error',
  503: 'A dependency is not ready',
};

/**
 * Declares problem+json answers for the given statuses. 429 and 500 are always added: every
 * operation spends from a rate-limit budget (packages/platform/src/rate-limit).
 */
export function problemResponses(...statuses: number[]) {
  const all = [...new Set([...statuses, 429, 500])];
  return Object.fromEntries(
    all.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? 'Problem',
        content: { [problemContentType]: { schema: ProblemSchema } },
      },
    ]),
  );
}

/** The answers every JSON-body route can give before its handler runs. */
export const BODY_PROBLEMS = [400, 413, 415] as const;

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** Cursor pagination (ARCHITECTURE §7). */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ example: 50 }),
  cursor: z.string().max(200).optional(),
});

export const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const cookieAuth = { cookieAuth: [] };
export const bearerAuth = { bearerAuth: [] };
export const sessionSecurity = [bearerAuth, cookieAuth];

/**
 * The body of a PATCH to settings whose schema gives every field a default: each field optional
 * (without its default, so an omitted field is left as it is) and no unknown keys, so a typo is a
 * 400 rather than a silently ignored setting.
 */
export const settingsChanges = (schema: z.ZodObject) =>
  z.strictObject(
    Object.fromEntries(
      Object.entries(schema.shape).map(([k, v]) => [k, (v as z.ZodDefault<z.ZodType>).unwrap().optional()]),
    ),
  );

/**
 * A request body of one uploaded file in the multipart field `file`. A plain schema, not zod: the
 * handler reads the multipart body itself after the session and permission checks, so its
 * problems name `body.file`.
 */
export const multipartFileBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        required: ['file'],
        properties: { file: { type: 'string' as const, format: 'binary' } },
      },
    },
  },
};

/** A response body of raw bytes (an image, a download), for `content: { '<type>': binaryContent }`. */
export const binaryContent = { schema: { type: 'string' as const, format: 'binary' } };
