import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BrowserSubscription,
  browserKeys,
  decryptAes128gcm,
  type VapidClaims,
  verifyVapid,
} from './web-push-crypto.ts';

export type PushReceived = {
  endpointId: string;
  plaintext: string;
  claims: VapidClaims;
  headers: { ttl: string | undefined; urgency: string | undefined; topic: string | undefined };
};

/**
 * A local push service (RFC 8030) for tests: subscriptions are made here as a browser makes them
 * (a real P-256 key pair and auth secret), and every message posted to an endpoint is checked as
 * a push service and a browser together would: the VAPID JWT (ES256 by `k`, aud = this origin,
 * exp), TTL and `Content-Encoding: aes128gcm`, then decrypted with the subscription's private key.
 * Endpoints can be made to answer 410 Gone (an unsubscribed browser) or 5xx (an outage).
 */
export async function startPushReceiver(options: { vapidPublicKey?: string } = {}) {
  const subscriptions = new Map<string, BrowserSubscription>();
  const received: PushReceived[] = [];
  const refused: { endpointId: string; status: number; reason: string }[] = [];
  const gone = new Set<string>();
  let failNext = 0;

  function answer(res: ServerResponse, status: number, reason = '') {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(reason);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, origin: string) {
    const m = /^\/push\/([\w-]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return answer(res, 404, 'no such endpoint');
    const id = m[1]!;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const sub = subscriptions.get(id);
    const refuse = (status: number, reason: string) => {
      refused.push({ endpointId: id, status, reason });
      answer(res, status, reason);
    };
    if (!sub || gone.has(id)) return refuse(410, 'subscription gone');
    if (failNext > 0) {
      failNext -= 1;
      return refuse(503, 'try later');
    }
    const vapid = verifyVapid(req.headers.authorization, origin, options.vapidPublicKey);
    if (!vapid.ok) return refuse(403, vapid.reason);
    if (req.headers.ttl === undefined) return refuse(400, 'TTL header missing');
    if (req.headers['content-encoding'] !== 'aes128gcm')
      return refuse(415, 'content-encoding must be aes128gcm');
    let plaintext: string;
    try {
      plaintext = decryptAes128gcm(body, sub.ecdh, sub.authSecret).toString('utf8');
    } catch (error) {
      return refuse(400, `cannot decrypt: ${(error as Error).message}`);
    }
    received.push({
      endpointId: id,
      plaintext,
      claims: vapid.claims,
      headers: {
        ttl: req.headers.ttl as string | undefined,
        urgency: req.headers.urgency as string | undefined,
        topic: req.headers.topic as string | undefined,
      },
    });
    res.writeHead(201, { location: `${origin}/messages/${randomUUID()}` });
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res, origin).catch((error: unknown) => answer(res, 500, String(error)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    refused,
    /** A new subscription, as PushManager.subscribe() would hand it to the page. */
    subscribe(): BrowserSubscription {
      const id = randomUUID();
      const k = browserKeys();
      const sub: BrowserSubscription = {
        endpoint: `${origin}/push/${id}`,
        keys: { p256dh: k.p256dh, auth: k.auth },
        ecdh: k.ecdh,
        authSecret: k.authSecret,
      };
      subscriptions.set(id, sub);
      return sub;
    },
    /** The browser unsubscribed: the endpoint answers 410 from now on. */
    expire(endpoint: string) {
      gone.add(endpoint.split('/').pop()!);
    },
    /** The next n messages get 503 (an outage). */
    failNext(n: number) {
      failNext = n;
    },
    /** Messages decrypted for an endpoint, parsed as JSON. */
    messagesFor(endpoint: string): unknown[] {
      const id = endpoint.split('/').pop();
      return received.filter((r) => r.endpointId === id).map((r) => JSON.parse(r.plaintext));
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type PushReceiver = Awaited<ReturnType<typeof startPushReceiver>>;
