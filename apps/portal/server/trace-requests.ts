import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

const tracer = trace.getTracer('dualcontrol-portal');

/**
 * One server span per page or form request (OTEL_EXPORTER_OTLP_ENDPOINT set): the root of the
 * trace of a user's action. The API calls made while rendering it carry its `traceparent`
 * (app/lib/api.server.ts), so the API's spans join it. A browser's own traceparent is not
 * trusted: the portal starts the trace. Attributes: method, path (no query string: it can hold
 * what someone searched for), the school's host label and the status.
 */
export const traceRequests: RequestHandler = (req, res, next) => {
  const school = req.hostname.split('.')[0];
  const span = tracer.startSpan(
    `${req.method} portal`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method,
        'url.path': req.path,
        ...(school ? { 'dc.school': school } : {}),
      },
    },
    ROOT_CONTEXT,
  );
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  context.with(trace.setSpan(ROOT_CONTEXT, span), next);
};
