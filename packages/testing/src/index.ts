export { oneRow } from './one-row.ts';
export {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from './otlp/start-otlp-receiver.ts';
export {
  type Pgbouncer,
  type PgbouncerOptions,
  startPgbouncer,
  supportsPreparedStatements,
} from './pgbouncer/start-pgbouncer.ts';
export {
  type PostHogBatch,
  type PostHogMessage,
  type PostHogReceiver,
  startPostHogReceiver,
} from './posthog/start-posthog-receiver.ts';
export { type PrometheusSample, parsePrometheus, sumSamples } from './prometheus-text.ts';
export type { ProvidedPostgres, ProvidedStripe, ProvidedTemporal } from './provided.ts';
export { type PushReceived, type PushReceiver, startPushReceiver } from './push/push-receiver.ts';
export { type BrowserSubscription, decryptAes128gcm, verifyVapid } from './push/web-push-crypto.ts';
export { type Moto, startMoto } from './s3/start-moto.ts';
export { LOCALSTRIPE_SECRET_KEY, type Localstripe, startLocalstripe } from './stripe/start-localstripe.ts';
export { connectTestDatabase, createTestDatabase, type TestDatabase } from './test-database.ts';
export {
  startTwilioReceiver,
  type TwilioBehaviour,
  type TwilioReceived,
  type TwilioReceiver,
} from './twilio/twilio-receiver.ts';
