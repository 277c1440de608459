import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postForm } from './loopback-post.ts';

/** A message as the receiver accepted it. */
export type TwilioReceived = { sid: string; params: Record<string, string>; at: Date };

/** What the receiver does with a message: accept it (then call back with a final status) or refuse it. */
export type TwilioBehaviour =
  | { accept: true; finalStatus?: 'delivered' | 'failed' | 'undelivered'; errorCode?: number }
  | { accept: false; httpStatus: number; code: number; message: string };

export type TwilioCallbackResult = {
  sid: string;
  status: string;
  url: string;
  httpStatus: number;
  body: string;
};

/**
 * A local stand-in for Twilio's Messages endpoint (POST /2010-04-01/Accounts/{Sid}/Messages.json):
 * it checks basic auth against the account SID and auth token, validates the form as Twilio would
 * (To; Body or ContentSid; From or MessagingServiceSid), records the message, answers with a
 * Message resource and its SID, and then posts status callbacks (`sent`, then the final status) to
 * the StatusCallback URL, signed with X-Twilio-Signature as Twilio signs them.
 */
export async function startTwilioReceiver(options: { accountSid: string; authToken: string }) {
  const messages: TwilioReceived[] = [];
  const callbacks: TwilioCallbackResult[] = [];
  const refusedAuth: string[] = [];
  let behaviour: (params: Record<string, string>) => TwilioBehaviour = () => ({ accept: true });
  let pendingCallbacks: Promise<void>[] = [];

  const sign = (url: string, params: Record<string, string>) =>
    createHmac('sha1', options.authToken)
      .update(
        Object.keys(params)
          .sort()
          .reduce((acc, k) => acc + k + params[k], url),
      )
      .digest('base64');

  async function callBack(
    url: string,
    sid: string,
    params: Record<string, string>,
    outcome: TwilioBehaviour,
  ) {
    if (!outcome.accept) return;
    const statuses = ['sent', outcome.finalStatus ?? 'delivered'];
    for (const status of statuses) {
      const form: Record<string, string> = {
        AccountSid: options.accountSid,
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: status,
        SmsStatus: status,
        To: params.To ?? '',
        From: params.From ?? params.MessagingServiceSid ?? '',
        ApiVersion: '2010-04-01',
      };
      if ((status === 'failed' || status === 'undelivered') && outcome.errorCode)
        form.ErrorCode = String(outcome.errorCode);
      const res = await postForm(url, new URLSearchParams(form), { 'x-twilio-signature': sign(url, form) });
      callbacks.push({ sid, status, url, httpStatus: res.status, body: res.body });
    }
  }

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match)
      return json(res, 404, { code: 20404, message: 'Not found', status: 404 });
    const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || decodeURIComponent(match[1]!) !== options.accountSid) {
      refusedAuth.push(req.headers.authorization ?? '');
      return json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? ''))
      return json(res, 400, { code: 20001, message: 'form body expected', status: 400 });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const params = Object.fromEntries(new URLSearchParams(raw));
    if (!params.To)
      return json(res, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
    if (!params.Body && !params.ContentSid)
      return json(res, 400, { code: 21602, message: 'Message body is required.', status: 400 });
    if (!params.From && !params.MessagingServiceSid)
      return json(res, 400, { code: 21603, message: "A 'From' phone number is required.", status: 400 });
    const outcome = behaviour(params);
    if (!outcome.accept)
      return json(res, outcome.httpStatus, {
        code: outcome.code,
        message: outcome.message,
        status: outcome.httpStatus,
      });
    const sid = `SM${randomBytes(16).toString('hex')}`;
    messages.push({ sid, params, at: new Date() });
    json(res, 201, {
      sid,
      account_sid: options.accountSid,
      to: params.To,
      from: params.From ?? null,
      body: params.Body ?? '',
      status: 'queued',
      num_segments: '1',
      api_version: '2010-04-01',
    });
    if (params.StatusCallback) {
      // After the answer, as Twilio does: the callback may race the sender's own bookkeeping.
      const p = new Promise<void>((r) => setTimeout(r, 20)).then(() =>
        callBack(params.StatusCallback!, sid, params, outcome).catch((error: unknown) => {
          callbacks.push({
            sid,
            status: 'error',
            url: params.StatusCallback!,
            httpStatus: 0,
            body: String(error),
          });
        }),
      );
      pendingCallbacks.push(p);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { message: String(error) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    callbacks,
    refusedAuth,
    /** Decides the fate of each following message (default: accepted, then delivered). */
    behave(fn: (params: Record<string, string>) => TwilioBehaviour) {
      behaviour = fn;
    },
    /** Waits until every callback started so far has been answered. */
    async settled() {
      while (pendingCallbacks.length > 0) {
        const now = pendingCallbacks;
        pendingCallbacks = [];
        await Promise.all(now);
      }
    },
    /** The signature Twilio would send for a form posted to `url` (for hand-made callbacks). */
    sign,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type TwilioReceiver = Awaited<ReturnType<typeof startTwilioReceiver>>;
