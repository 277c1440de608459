import { createRequire } from 'node:module';
import type { Tracing } from '@dualcontrol/platform';
import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';

/** What Temporal needs to carry traces: the client's interceptors and the worker's options. */
export type TemporalTracing = {
  client: ClientInterceptors;
  worker: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
};

/** A span from the workflow sandbox, in the shape @temporalio/interceptors-opentelemetry 1.24 gives it. */
type SandboxSpan = {
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
  parentSpanId?: string;
  instrumentationLibrary?: { name: string; version?: string };
};

/**
 * Temporal's own OpenTelemetry interceptors (issue 15): starting a workflow carries the active
 * trace (the outbox handler's span) in its headers; the workflow's spans and its activities'
 * continue it, so a booking's activities land in the trace of the request that made it.
 * Tracing off: nothing is loaded and the client and worker are built as before.
 */
export async function temporalTracing(tracing: Tracing): Promise<TemporalTracing | undefined> {
  const { spanProcessor, resource } = tracing;
  if (!tracing.enabled || !spanProcessor || !resource) return undefined;
  const otel = await import('@temporalio/interceptors-opentelemetry');
  // The sandbox's spans are made by the interceptors' own OpenTelemetry SDK (1.x): a parent
  // span id and an "instrumentation library", where our 2.x exporter reads a parent span
  // context and an "instrumentation scope". Translated here, then batched with our own spans.
  const sandboxSpans = {
    onStart() {},
    forceFlush: () => spanProcessor.forceFlush(),
    shutdown: async () => {},
    onEnd(span: SandboxSpan) {
      const ctx = span.spanContext();
      spanProcessor.onEnd({
        ...span,
        resource,
        spanContext: () => ctx,
        parentSpanContext: span.parentSpanId
          ? { traceId: ctx.traceId, spanId: span.parentSpanId, traceFlags: ctx.traceFlags }
          : undefined,
        instrumentationScope: span.instrumentationLibrary ?? {
          name: '@temporalio/interceptors-opentelemetry',
        },
      } as never);
    },
  };
  const workflowInterceptors = createRequire(import.meta.url).resolve(
    '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
  );
  return {
    client: { workflow: [new otel.OpenTelemetryWorkflowClientInterceptor()] },
    worker: {
      interceptors: {
        workflowModules: [workflowInterceptors],
        activity: [
          (ctx) => ({
            inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      sinks: { exporter: otel.makeWorkflowExporter(sandboxSpans as never, resource as never) },
    },
  };
}
