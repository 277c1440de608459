import type { ActionFunctionArgs } from '@remix-run/node';
import { sendRecord } from '../lib/offline-record.server.ts';
import { ownerOf, recordFromJson } from '../lib/offline-record.ts';
import { signedInPage } from '../lib/page.server.ts';

/**
 * Where the service worker replays a lesson record saved on the phone (public/sw.js). A resource
 * route: JSON in, JSON out, always with a `status` the worker acts on — `synced` (drop the phone's
 * copy), `locked` / `failed` (keep it and show it: the instructor must see what was not saved),
 * `signed-out` (keep it: it syncs once its owner signs in again). It is an ordinary same-origin
 * POST carrying the session cookie, so the cross-site form refusal and SameSite rules apply as to
 * any form; a network failure or a 5xx is the worker's cue to try later.
 */
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== 'POST') return answer(405, { status: 'failed', detail: 'POST only' });
  let page: Awaited<ReturnType<typeof signedInPage>>;
  try {
    page = await signedInPage(args);
  } catch (error) {
    // No session (or one from before permissions were kept): the redirect to sign-in.
    if (error instanceof Response && error.status >= 300 && error.status < 400) return signedOut();
    throw error;
  }
  const body = recordFromJson(await args.request.json().catch(() => null));
  if (!body) return answer(400, { status: 'failed', detail: 'This is not a lesson record.' });
  // Saved on this phone by someone else who was signed in then: not this session's to send.
  if (body.owner !== ownerOf(page.me)) return signedOut();
  const { owner: _, ...record } = body;
  try {
    const outcome = await sendRecord(page.api, args.params.id ?? '', record);
    return answer(outcome.status === 'synced' ? 200 : outcome.status === 'locked' ? 409 : 422, outcome);
  } catch (error) {
    // The API said the token is no longer valid (signed out elsewhere, expired).
    if (error instanceof Response && error.status >= 300 && error.status < 400) return signedOut();
    throw error;
  }
}

const answer = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

const signedOut = () => answer(401, { status: 'signed-out' });
