import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../http/context.ts';
import { ATTR, markFailed, tracer } from './spans.ts';

/**
 * One server span per API request, continuing the caller's trace when it sends a W3C
 * `traceparent` (the portal does). Named by the route's pattern once routing is done (never the
 * raw path: ids would make every name unique); the school's id and the request id as attributes.
 * Installed first, so every later middleware, statement and log line runs inside the span.
 */
export const traceRequests: MiddlewareHandler<AppEnv> = async (c, next) => {
  const carrier: Record<string, string> = {};
  const traceparent = c.req.header('traceparent');
  if (traceparent) carrier.traceparent = traceparent;
  const tracestate = c.req.header('tracestate');
  if (tracestate) carrier.tracestate = tracestate;
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer.startSpan(
    c.req.method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method } },
    parent,
  );
  try {
    await context.with(trace.setSpan(parent, span), next);
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path;
    if (route) {
      span.updateName(`${c.req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    const status = c.res.status;
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    const requestId = c.get('requestId');
    if (requestId) span.setAttribute(ATTR.requestId, requestId);
    const tenant = c.get('tenant');
    if (tenant) span.setAttribute(ATTR.tenantId, tenant.id);
    span.end();
  }
};
