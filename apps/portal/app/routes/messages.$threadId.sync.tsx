import type { ActionFunctionArgs } from '@remix-run/node';
import { ApiProblem } from '../lib/api.server.ts';
import { messagingPage } from '../lib/messaging.server.ts';
import { MESSAGE_MAX, ownerOfMessages } from '../lib/messaging.ts';

/**
 * Where the service worker replays a message written offline (public/sw.js). JSON in, JSON out
 * with a `status` the worker acts on: `sent` (drop the phone's copy; a resend of a message the API
 * already has answers the same: its clientId), `failed` (keep and show it), `signed-out` (keep it
 * for its owner's next session). A same-origin POST with the session cookie, like any form.
 */
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== 'POST') return answer(405, { status: 'failed', detail: 'POST only' });
  let page: Awaited<ReturnType<typeof messagingPage>>;
  try {
    page = await messagingPage(args);
  } catch (error) {
    if (error instanceof Response && error.status >= 300 && error.status < 400) return signedOut();
    throw error;
  }
  const input = (await args.request.json().catch(() => null)) as Record<string, unknown> | null;
  const body = typeof input?.body === 'string' ? input.body : '';
  const clientId = typeof input?.clientId === 'string' ? input.clientId : '';
  if (!body || body.length > MESSAGE_MAX || !clientId)
    return answer(400, { status: 'failed', detail: 'This is not a message.' });
  if (input?.owner !== ownerOfMessages(page.me)) return signedOut();
  try {
    await page.api.post(
      `/api/v1/messaging/threads/${encodeURIComponent(args.params.threadId ?? '')}/messages`,
      {
        body,
        clientId,
      },
    );
    return answer(200, { status: 'sent' });
  } catch (error) {
    if (error instanceof Response && error.status >= 300 && error.status < 400) return signedOut();
    if (error instanceof ApiProblem && error.status < 500)
      return answer(422, { status: 'failed', detail: error.detail });
    throw error;
  }
}

const answer = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
const signedOut = () => answer(401, { status: 'signed-out' });
