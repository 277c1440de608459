import type { RequestHandler } from 'express';

/**
 * Headers every answer carries (pages, data, files). Each page's Content-Security-Policy is set
 * where the page is rendered (app/entry.server.tsx): it needs that page's nonce and routes.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  // A file is only ever what its Content-Type says (no sniffing an upload or a CSV into HTML).
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Other sites learn at most our origin, never a page's path or query (ids, ?next=, tokens).
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  // Never inside another site's frame (clickjacking); CSP frame-ancestors says the same to newer browsers.
  res.setHeader('X-Frame-Options', 'DENY');
  next();
};
