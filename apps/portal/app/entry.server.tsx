import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { type CspExtension, contentSecurityPolicy } from './lib/content-security-policy.ts';
import { CspNonceContext } from './lib/csp-nonce.ts';

const ABORT_DELAY = 5_000;

/**
 * Remix's own Node entry (streamed for browsers, whole for bots), plus each page's
 * Content-Security-Policy: a fresh nonce for every page, given to every inline script and style
 * React and Remix render, and the sources the matched routes ask for (`handle.csp`).
 */
export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = randomBytes(16).toString('base64');
  headers.set(
    'Content-Security-Policy',
    contentSecurityPolicy(nonce, routeSources(request, remixContext, loadContext)),
  );
  const whole = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      headers.set('Content-Type', 'text/html');
      resolve(new Response(createReadableStreamFromReadable(body), { headers, status }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <CspNonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </CspNonceContext.Provider>,
      {
        nonce,
        ...(whole ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError: reject,
        onError(error: unknown) {
          status = 500;
          // An error in the shell rejects and is logged by Remix; only later ones are logged here.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** What the page's routes add to the policy (the card page: Stripe.js). */
function routeSources(request: Request, remixContext: EntryContext, loadContext: AppLoadContext) {
  return remixContext.staticHandlerContext.matches.flatMap((match) => {
    const handle = remixContext.routeModules[match.route.id]?.handle as { csp?: CspExtension } | undefined;
    return handle?.csp ? [handle.csp({ request, config: loadContext.config })] : [];
  });
}
