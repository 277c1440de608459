/** What the global setups hand to every test file (vitest provide/inject). */
export type ProvidedPostgres = { superuserUrl: string; template: string; rolePassword: string };
export type ProvidedTemporal = { address: string };
export type ProvidedStripe = { host: string; port: number };

declare module 'vitest' {
  export interface ProvidedContext {
    dcPostgres: ProvidedPostgres;
    dcTemporal: ProvidedTemporal;
    dcStripe: ProvidedStripe;
  }
}
