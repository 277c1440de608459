import type { PortalConfig } from './portal-config.ts';

/** The directives a page may widen (through its route's `handle.csp`). */
export type CspDirective = 'script-src' | 'connect-src' | 'frame-src' | 'form-action';
export type CspSources = Partial<Record<CspDirective, string[]>>;
/** What a route adds to the policy for its own page, given the request and the portal's config. */
export type CspExtension = (page: { request: Request; config: PortalConfig }) => CspSources;

/**
 * The portal's Content-Security-Policy for one HTML page. Scripts and the one `<style>` (the
 * school's colours) run only with this response's nonce or from our own origin, so an injected
 * `<script>` does nothing; nothing may frame the portal (clickjacking); forms post only to us.
 * Pages add sources they need (the card page: Stripe.js), never loosen the rest.
 */
export function contentSecurityPolicy(nonce: string, extensions: CspSources[] = []): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`],
    // No 'unsafe-inline': the only inline style is the school's colours, which carries the nonce.
    'style-src': ["'self'", `'nonce-${nonce}'`],
    // A school's logo may live on any https host (branding.logoUrl is "an https:// URL or a path").
    'img-src': ["'self'", 'https:'],
    'connect-src': ["'self'"],
    'frame-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  for (const extension of extensions)
    for (const [name, sources] of Object.entries(extension)) {
      // 'none' stands alone: a page that adds a source replaces it.
      const current = (directives[name] ?? []).filter((s) => s !== "'none'");
      directives[name] = [...new Set([...current, ...(sources ?? [])])];
    }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * A form whose answer redirects to a school's host (`<slug>.<appDomain>`, same scheme and port):
 * browsers hold a form's redirects to `form-action` too.
 */
export const schoolHostsAsFormTargets: CspExtension = ({ request, config }) => {
  const { protocol, port } = new URL(request.url);
  return { 'form-action': [`${protocol}//*.${config.appDomain}${port ? `:${port}` : ''}`] };
};

/** Stripe's own Stripe.js. */
export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

/**
 * What Stripe.js needs (Stripe's published list): its script, its frames (the card fields and
 * 3-D Secure) and its API. When the portal is told to load Stripe.js from elsewhere (the test
 * stand-in serves its copy and its API from one origin), that origin too.
 */
export const stripeJsSources: CspExtension = ({ config }) => {
  const stripe = {
    'script-src': ['https://js.stripe.com'],
    'frame-src': ['https://js.stripe.com', 'https://hooks.stripe.com'],
    'connect-src': ['https://api.stripe.com'],
  };
  const origin = new URL(config.stripeJsUrl ?? STRIPE_JS_URL).origin;
  if (origin === 'https://js.stripe.com') return stripe;
  return {
    ...stripe,
    'script-src': [...stripe['script-src'], origin],
    'connect-src': [...stripe['connect-src'], origin],
  };
};
