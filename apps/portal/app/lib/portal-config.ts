/** What the portal server knows that pages need: where the API is and how school hosts look. */
export type PortalConfig = {
  apiBase: string;
  appDomain: string;
  sessionSecret: string;
  secureCookies: boolean;
  /**
   * Where the API tells card pages to load Stripe.js from (its STRIPE_JS_URL): the card page's
   * Content-Security-Policy allows that origin. Stripe's own when left out.
   */
  stripeJsUrl?: string;
  /**
   * PORTAL_API_SECRET: sent with the browser's address (`clientAddress`, set per request by the
   * portal server) so the API throttles each browser rather than the portal's one address.
   */
  apiSecret?: string | undefined;
  clientAddress?: string | undefined;
};

declare module '@remix-run/node' {
  interface AppLoadContext {
    config: PortalConfig;
  }
}
