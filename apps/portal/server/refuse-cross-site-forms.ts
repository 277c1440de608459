import type { Request, RequestHandler } from 'express';

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A form posted to the portal from another site (or another school's host) is refused with a
 * 403 page before it reaches a route. Remix makes the same check inside (its CSRF guard compares
 * Origin with the Host) but throws, which became an empty 500; this answers first, by the same
 * rule, so that guard never fires.
 */
export const refuseCrossSiteForms: RequestHandler = (req, res, next) => {
  if (READ_ONLY.has(req.method) || fromThisHost(req)) return next();
  res.status(403);
  if (req.accepts(['html', 'json']) === 'json')
    res.type('application/problem+json').send(JSON.stringify(PROBLEM));
  else res.type('html').setHeader('Content-Security-Policy', "default-src 'none'").send(PAGE);
};

/**
 * Whether the request's Origin is this host (the one the browser addressed). Browsers send Origin
 * with every cross-site POST; a request without one (not from a browser's form) is let through
 * unless the browser says it is cross-site.
 */
function fromThisHost(req: Request): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return req.get('sec-fetch-site') !== 'cross-site';
  // As Remix reads it: the first X-Forwarded-Host (set by a proxy in front), else Host.
  const host = req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host');
  try {
    return origin !== 'null' && new URL(origin).host === host;
  } catch {
    return false; // not a URL at all
  }
}

const TITLE = 'Form refused';
const DETAIL =
  'This form was sent from another website, so it was not accepted. Nothing was changed. If you meant to do this, go to the page yourself and send the form again.';

const PROBLEM = {
  type: 'https://dualcontrol.app/problems/portal/cross_site_form',
  title: TITLE,
  status: 403,
  detail: DETAIL,
};

// Plain on purpose: it is answered before any school or session is read.
const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLE}</title></head>
<body><main><h1>${TITLE}</h1><p>${DETAIL}</p><p><a href="/">Go to the home page</a></p></main></body></html>
`;
