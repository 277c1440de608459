export { oneRow } from './one-row.ts';
export {
  type PostHogBatch,
  type PostHogMessage,
  type PostHogReceiver,
  startPostHogReceiver,
} from './posthog/start-posthog-receiver.ts';
export type { ProvidedPostgres, ProvidedStripe, ProvidedTemporal } from './provided.ts';
export { type Moto, startMoto } from './s3/start-moto.ts';
export { LOCALSTRIPE_SECRET_KEY, type Localstripe, startLocalstripe } from './stripe/start-localstripe.ts';
export { createTestDatabase, type TestDatabase } from './test-database.ts';
