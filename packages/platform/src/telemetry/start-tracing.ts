/**
 * OpenTelemetry traces, exported over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 * Unset, nothing is registered: @opentelemetry/api stays a no-op (no spans, no context kept) and
 * the SDK is never even loaded, so tracing off costs nothing.
 */
export type Tracing = {
  enabled: boolean;
  /**
   * Where finished spans made outside this process's tracer go (Temporal's workflow spans come
   * out of the workflow sandbox through a sink), and the resource naming this service.
   */
  spanProcessor?: { onEnd(span: never): void; forceFlush(): Promise<void> };
  resource?: { attributes: Record<string, unknown> };
  /** Sends what is still buffered, then stops (call it on shutdown). */
  shutdown(): Promise<void>;
};

const off: Tracing = { enabled: false, shutdown: async () => {} };

export async function startTracing(
  serviceName: string,
  env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined },
): Promise<Tracing> {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return off;
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const resource = resourceFromAttributes({ 'service.name': serviceName });
  // Batched off the request path; OTEL_BSP_SCHEDULE_DELAY etc. tune it (read by the SDK).
  const spanProcessor = new BatchSpanProcessor(
    new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // AsyncLocalStorage context and the W3C trace-context propagator (traceparent headers).
  provider.register();
  return { enabled: true, spanProcessor, resource, shutdown: () => provider.shutdown() };
}
