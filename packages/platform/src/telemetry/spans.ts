import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Our spans. Attributes carry ids, route patterns, event types and statement text only: never
 * an email, a name, a message or an SQL parameter (issue 15: no personal data in traces).
 */
export const tracer = trace.getTracer('dualcontrol');

/** Span attribute names of our own (the OTel conventions have none for them). */
export const ATTR = {
  tenantId: 'dc.tenant_id',
  requestId: 'dc.request_id',
  eventId: 'dc.event_id',
  eventType: 'dc.event_type',
  handler: 'dc.handler',
} as const;

/**
 * An error's kind for a span (its class or SQLSTATE/code), never its message: messages can quote
 * what a person typed.
 */
export function markFailed(span: Span, error: unknown): void {
  const code = (error as { code?: unknown })?.code;
  const kind =
    typeof code === 'string' ? code : error instanceof Error ? error.constructor.name : typeof error;
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', kind);
}

/** Runs `fn` in a new active span (child of `parent`, or of the active span), ending it after. */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    { ...(options.kind !== undefined ? { kind: options.kind } : {}), attributes: options.attributes ?? {} },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** The active span's W3C traceparent, or null (tracing off, or no span). */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The context a stored or received traceparent names (the root context when there is none). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** The active span's trace id, for log lines; undefined when tracing is off. */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const ctx = span.spanContext();
  return isSpanContextValid(ctx) ? ctx.traceId : undefined;
}
