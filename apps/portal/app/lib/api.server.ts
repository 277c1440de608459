import { context, propagation } from '@opentelemetry/api';
import { redirect } from '@remix-run/node';
import type { PortalConfig } from './portal-config.ts';

/** An RFC 9457 problem from the API, with the fields at fault. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[],
    readonly body: Record<string, unknown>,
  ) {
    super(detail);
  }
  /** The problem's code, e.g. `payments/insufficient_credit`. */
  get code() {
    return this.type.replace('https://dualcontrol.app/problems/', '');
  }
}

/**
 * Every call comes from the portal's one address, so it names the browser it acts for, proven by
 * the secret it shares with the API; the API's sign-in throttle and rate limits then count each
 * browser instead of locking everyone out together. Without the secret the API ignores it.
 */
function browserAddressHeaders(config: PortalConfig): Record<string, string> {
  const headers = traceHeaders();
  if (!config.apiSecret || !config.clientAddress) return headers;
  return { ...headers, 'x-portal-secret': config.apiSecret, 'x-client-address': config.clientAddress };
}

/**
 * The W3C `traceparent` of the portal request being served (server/trace-requests.ts), so the
 * API continues its trace. Tracing off: no propagator is registered and this adds nothing.
 */
function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/**
 * The API as the portal uses it: server-side only, the school named by X-Tenant, the person by
 * their bearer token. A 401 means the session ended: back to sign-in.
 */
export function apiClient(config: PortalConfig, school: string | null, token?: string) {
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    extra?: Record<string, string>,
  ): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...browserAddressHeaders(config),
      ...extra,
    };
    if (school) headers['x-tenant'] = school;
    if (token) headers.authorization = `Bearer ${token}`;
    // A file upload goes as multipart (fetch writes its content-type with the boundary).
    const multipart = body instanceof FormData;
    if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
    const res = await fetch(`${config.apiBase}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: multipart ? body : JSON.stringify(body) } : {}),
    });
    if (res.status === 401 && token) throw redirect('/sign-in?expired=1');
    // Something not there (or not this person's) is a not-found page, like any other missing page.
    if (res.status === 404 && method === 'GET') throw new Response('Not found', { status: 404 });
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    if (!res.ok) {
      const problem = type.includes('json') ? ((await res.json()) as Record<string, unknown>) : {};
      throw new ApiProblem(
        res.status,
        String(problem.type ?? 'about:blank'),
        String(problem.detail ?? problem.title ?? res.statusText),
        (problem.errors as { path: string; message: string }[] | undefined) ?? [],
        problem,
      );
    }
    if (type.includes('json')) return (await res.json()) as T;
    return (await res.arrayBuffer()) as T;
  }
  return {
    get: <T>(path: string) => call<T>('GET', path),
    /** `headers` e.g. an Idempotency-Key, so a form sent twice acts once. */
    post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body ?? {}, headers),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
    /** multipart/form-data, e.g. a logo in the field `file`. */
    putForm: <T>(path: string, form: FormData) => call<T>('PUT', path, form),
    del: <T>(path: string) => call<T>('DELETE', path),
    raw: (path: string) =>
      fetch(`${config.apiBase}${path}`, {
        headers: {
          ...browserAddressHeaders(config),
          ...(school ? { 'x-tenant': school } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      }),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
