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
  // Our own reader of the API's stream, so the relay can end it: the browser leaving (the request's
  // signal) cancels it, which closes the connection to the API and ends the API's stream too.
  const reader = upstream.body.getReader();
  const stop = () => {
    reader.cancel().catch(() => undefined);
  };
  args.request.signal.addEventListener('abort', stop);
  const relay = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (next.done) {
        args.request.signal.removeEventListener('abort', stop);
        controller.close();
      } else controller.enqueue(next.value);
    },
    cancel: stop,
  });
  return new Response(relay, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
