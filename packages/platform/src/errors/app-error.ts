/** A field at fault, as a dotted path into the request (`owner.email`, `query.limit`). */
export type FieldError = { path: string; message: string };

export type AppErrorOptions = {
  status: number;
  title: string;
  detail?: string;
  fields?: FieldError[];
  /** Extra members for the problem body (e.g. `module`). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
};

/**
 * The one error type the API answers with. `code` is namespaced by module
 * (`auth.invalid_credentials`, `scheduling.slot_taken`) and becomes the problem `type`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fields: FieldError[];
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: string, options: AppErrorOptions) {
    super(options.detail ?? options.title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status;
    this.title = options.title;
    this.detail = options.detail;
    this.fields = options.fields ?? [];
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

export const notFound = (code: string, detail: string) =>
  new AppError(code, { status: 404, title: 'Not found', detail });
export const conflict = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new AppError(code, { status: 409, title: 'Conflict', detail, ...(extra ? { extra } : {}) });
export const forbidden = (detail = 'You do not have permission to do this.') =>
  new AppError('auth.forbidden', { status: 403, title: 'Forbidden', detail });
export const unauthorized = (detail = 'Sign in to continue.') =>
  new AppError('auth.unauthenticated', {
    status: 401,
    title: 'Unauthorized',
    detail,
    headers: { 'WWW-Authenticate': 'Bearer' },
  });
export const badRequest = (code: string, detail: string, fields?: FieldError[]) =>
  new AppError(code, { status: 400, title: 'Bad request', detail, ...(fields ? { fields } : {}) });
