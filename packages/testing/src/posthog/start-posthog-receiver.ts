import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One message of a batch, as PostHog's batch API receives it. */
export type PostHogMessage = {
  event: string;
  distinct_id: string;
  uuid?: string;
  timestamp?: string;
  type?: string;
  properties: Record<string, unknown> & {
    $groups?: Record<string, string>;
    $group_type?: string;
    $group_key?: string;
    $group_set?: Record<string, unknown>;
  };
};

/** A batch request as received: its path, api_key and messages. */
export type PostHogBatch = { path: string; apiKey: string; batch: PostHogMessage[]; sentAt: string };

export type PostHogReceiver = {
  /** Where to point the client (POSTHOG_HOST). */
  url: string;
  batches: PostHogBatch[];
  /** Every message of every batch, in arrival order. */
  messages(): PostHogMessage[];
  /** Requests that did not look like the batch API (wrong path, body or missing key): each is answered 400. */
  rejected: { path: string; reason: string }[];
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/**
 * A local stand-in for PostHog's ingestion endpoint (there is no network in tests): accepts
 * `POST /batch/` the way PostHog does — a JSON body `{ api_key, batch: [...], sent_at }`, gzip or
 * not — records it, and answers `{ status: 1 }`. Anything else is recorded as rejected and answered
 * 400, so a test sees a malformed payload rather than a silently accepted one.
 */
export async function startPostHogReceiver(): Promise<PostHogReceiver> {
  const batches: PostHogBatch[] = [];
  const rejected: PostHogReceiver['rejected'] = [];
  const server = createServer(async (req, res) => {
    const path = req.url ?? '';
    const refuse = (reason: string) => {
      rejected.push({ path, reason });
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reason }));
    };
    try {
      if (req.method !== 'POST' || !path.startsWith('/batch'))
        return refuse(`unexpected ${req.method} ${path}`);
      const body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
      if (typeof body.api_key !== 'string' || body.api_key === '') return refuse('no api_key');
      if (!Array.isArray(body.batch)) return refuse('no batch');
      for (const m of body.batch as PostHogMessage[])
        if (
          typeof m?.event !== 'string' ||
          typeof m.distinct_id !== 'string' ||
          typeof m.properties !== 'object'
        )
          return refuse('a message lacks event, distinct_id or properties');
      batches.push({
        path,
        apiKey: body.api_key,
        batch: body.batch as PostHogMessage[],
        sentAt: String(body.sent_at),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 1 }));
    } catch (error) {
      refuse(`unreadable body: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    rejected,
    messages: () => batches.flatMap((b) => b.batch),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
