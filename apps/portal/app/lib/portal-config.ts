/** What the portal server knows that pages need: where the API is and how school hosts look. */
export type PortalConfig = {
  apiBase: string;
  appDomain: string;
  sessionSecret: string;
  secureCookies: boolean;
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
