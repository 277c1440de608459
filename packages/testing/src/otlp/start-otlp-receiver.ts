import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A span as an OTLP collector received it (the JSON encoding's fields, attributes flattened). */
export type ReceivedSpan = {
  /** The exporting process's `service.name` resource attribute. */
  service: string;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
};

export type OtlpReceiver = {
  /** What to set OTEL_EXPORTER_OTLP_ENDPOINT to (spans arrive at `<url>/v1/traces`). */
  url: string;
  spans: ReceivedSpan[];
  /** Export requests that were not OTLP/HTTP JSON traces: each is answered 400. */
  rejected: { path: string; reason: string }[];
  /** Resolves once `check(spans)` holds; rejects after `timeoutMs` naming what was received. */
  waitFor(check: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
};

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value?: AnyValue };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: KeyValue[];
  status?: { code?: number };
};
type ExportRequest = {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
};

function scalar(value: AnyValue | undefined): string | number | boolean {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return JSON.stringify((value.arrayValue.values ?? []).map(scalar));
  return JSON.stringify(value);
}

const flatten = (attributes: KeyValue[] | undefined) =>
  Object.fromEntries((attributes ?? []).map((a) => [a.key, scalar(a.value)]));

/** OTLP/JSON ids are hex strings; an exporter that sends base64 (the protobuf JSON mapping) is read too. */
function hexId(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/**
 * A local OpenTelemetry collector for tests: accepts OTLP/HTTP trace exports in the JSON encoding
 * (`POST /v1/traces`, `application/json`, what @opentelemetry/exporter-trace-otlp-http sends),
 * records every span with its service, ids, parent and attributes, and answers as a collector
 * does (200 with an empty partial-success). Protobuf or any other path is refused with 400 and
 * recorded, so a test sees an exporter it cannot read rather than silently missing spans.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: OtlpReceiver['rejected'] = [];
  const server = createServer(async (req, res) => {
    const path = req.url ?? '';
    const refuse = (reason: string) => {
      rejected.push({ path, reason });
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: reason }));
    };
    try {
      if (req.method !== 'POST' || path !== '/v1/traces') return refuse(`unexpected ${req.method} ${path}`);
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith('application/json')) return refuse(`not the JSON encoding: ${type}`);
      const body = JSON.parse((await readBody(req)).toString('utf8')) as ExportRequest;
      for (const rs of body.resourceSpans ?? []) {
        const service = String(flatten(rs.resource?.attributes)['service.name'] ?? '');
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service,
              traceId: hexId(s.traceId),
              spanId: hexId(s.spanId),
              parentSpanId: hexId(s.parentSpanId),
              name: s.name,
              kind: s.kind ?? 0,
              attributes: flatten(s.attributes),
              statusCode: s.status?.code ?? 0,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      refuse(`unreadable body: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    rejected,
    async waitFor(check, timeoutMs = 30_000, what = 'spans') {
      const deadline = Date.now() + timeoutMs;
      while (!check(spans)) {
        if (Date.now() > deadline) {
          const names = spans.map((s) => `${s.service}: ${s.name}`).join('\n  ');
          throw new Error(`timed out waiting for ${what}; received ${spans.length} spans:\n  ${names}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
