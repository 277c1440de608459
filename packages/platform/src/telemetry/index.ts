export { traceRequests } from './http-tracing.ts';
export {
  ATTR,
  activeTraceId,
  contextFromTraceparent,
  currentTraceparent,
  inSpan,
  markFailed,
  tracer,
} from './spans.ts';
export { startTracing, type Tracing } from './start-tracing.ts';
