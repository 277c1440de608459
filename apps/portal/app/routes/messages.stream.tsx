import type { LoaderFunctionArgs } from '@remix-run/node';
import { signedInPage } from '../lib/page.server.ts';

/**
 * The live stream through the portal: the browser's EventSource (lib/live-events.ts) opens it on
 * the school's own host with the session cookie, and the portal relays the API's stream for that
 * session byte for byte. `no-transform` keeps the compression middleware from buffering it.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await signedInPage(args);
  const upstream = await api.raw('/api/v1/messaging/stream');
  if (upstream.status !== 200 || !upstream.body)
    return new Response(null, { status: upstream.status === 401 ? 401 : 204 });
  // The browser leaving ends the relay, and with it the API's stream.
  args.request.signal.addEventListener('abort', () => {
    upstream.body?.cancel().catch(() => undefined);
  });
  return new Response(upstream.body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
