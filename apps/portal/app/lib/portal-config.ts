/** What the portal server knows that pages need: where the API is and how school hosts look. */
export type PortalConfig = {
  apiBase: string;
  appDomain: string;
  sessionSecret: string;
  secureCookies: boolean;
};

declare module '@remix-run/node' {
  interface AppLoadContext {
    config: PortalConfig;
  }
}
