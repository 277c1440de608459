/**
 * Tracing without the rest of the platform (`@dualcontrol/platform/telemetry`): the portal's
 * server starts tracing from here and need not load the API's packages.
 */
export { ATTR, activeTraceId, contextFromTraceparent, currentTraceparent, inSpan, tracer } from './spans.ts';
export { startTracing, type Tracing } from './start-tracing.ts';
