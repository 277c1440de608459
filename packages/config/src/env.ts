import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const port = z.coerce.number().int().min(1).max(65535);

/** The one description of every variable the system reads. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    API_PORT: port.default(3000),
    /** API processes behind API_PORT (node:cluster); unset: one per CPU core. */
    API_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    PORTAL_PORT: port.default(3001),
    /**
     * Prometheus metrics (`GET /metrics`) of the API on this port, on LISTEN_HOST: an internal port,
     * never the public one (the Helm chart's NetworkPolicy admits only the scraper). Unset: off.
     */
    METRICS_PORT: port.optional(),
    /**
     * The worker's Prometheus metrics on this port (Temporal's exporter: workflow and activity
     * task figures and failures, plus ours: outbox events by outcome). Unset: off.
     */
    WORKER_METRICS_PORT: port.optional(),
    /**
     * OpenTelemetry traces of the portal, API and worker go to this OTLP/HTTP collector (the
     * exporter posts to `<endpoint>/v1/traces`, JSON). Unset: no tracing at all.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Address the API and the portal listen on. Loopback on a laptop; a container sets 0.0.0.0 so
     * its published port and the Kubernetes Service can reach it (infra/).
     */
    LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
    /** Where the portal's server calls the API; unset: http://127.0.0.1:API_PORT (same machine). */
    PORTAL_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    /** Owner connection (runs migrations). Unset: embedded PostgreSQL under DATA_DIR. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Run-time connections; derived from DATABASE_URL with the role names below when unset. */
    DATABASE_APP_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_PLATFORM_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /**
     * A pooler in transaction mode (PgBouncer) in front of DATABASE_URL's server: the api and the
     * worker connect their app and platform roles through it (same credentials, unnamed statements,
     * LISTEN still direct); migrations always go direct. Unset: no pooler.
     */
    DATABASE_POOLER_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Password given to the app and platform roles when the launcher provisions them (embedded mode). */
    DATABASE_ROLE_PASSWORD: z.string().min(8).default('dualcontrol-dev-role'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Unset: a Temporal dev server under DATA_DIR. */
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^:\s]+:\d+$/, 'expected host:port')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('dualcontrol'),
    TEMPORAL_CLI: z.string().optional(),
    /** Schools live on <slug>.APP_DOMAIN. */
    APP_DOMAIN: z.string().min(1).default('localhost'),
    PLATFORM_OPERATOR_EMAIL: z.email().default('operator@dualcontrol.localhost'),
    PLATFORM_OPERATOR_PASSWORD: z.string().min(10).default('operator-demo-password'),
    DEMO_TENANTS: booleanFlag.default(true),
    /** Seeds the demo schools' simulated history: the same seed on the same day makes the same history. */
    DEMO_SEED: z.string().min(1).max(100).default('dualcontrol'),
    /** "kid:base64(32 bytes)" pairs, comma separated; the first encrypts, all decrypt (rotation). */
    ENCRYPTION_KEYS: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/,
        'expected kid:base64key[,…]',
      )
      .default('dev1:ZHVhbGNvbnRyb2wtZGV2LWtleS1ub3QtZm9yLXByb2Q='),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    /** Signs the portal's session cookies (≥ 32 characters). */
    PORTAL_SESSION_SECRET: z.string().min(32).default('dualcontrol-dev-portal-session-secret-not-for-prod'),
    /** Outgoing mail (sign-up verification): unset = a local mailbox an operator reads in development. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /**
     * How long the worker's claim on a notification delivery holds: a worker killed mid-send
     * frees its rows for another worker after this. Longer than the slowest provider call.
     */
    CHANNEL_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    MAIL_FROM: z.string().min(3).default('Dualcontrol <no-reply@dualcontrol.localhost>'),
    /**
     * Messaging's providers. Twilio (SMS, WhatsApp): all three of SID, token and a sender, or SMS
     * and WhatsApp deliveries fail as "not configured". TWILIO_API_BASE points at a test receiver.
     */
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-zA-Z]{8,}$/, 'expected an account SID (AC…)')
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
    /** The SMS sender: an E.164 number or a Messaging Service SID (MG…). */
    TWILIO_SMS_FROM: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-zA-Z]+)$/, 'expected +E.164 or MG…')
      .optional(),
    /** The WhatsApp sender number (E.164); unset: WhatsApp deliveries go as SMS. */
    TWILIO_WHATSAPP_FROM: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'expected +E.164')
      .optional(),
    TWILIO_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
    /**
     * Where providers reach the API for status callbacks; `{slug}` becomes the school's slug (its
     * host names the school). Unset: http://{slug}.APP_DOMAIN:API_PORT.
     */
    CALLBACK_BASE_URL: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'expected an http(s) URL, {slug} allowed')
      .optional(),
    /** Signs email bounce/complaint reports (POST /messaging/callbacks/email); unset: derived from ENCRYPTION_KEYS. */
    EMAIL_CALLBACK_SECRET: z.string().min(16).optional(),
    /** Web push (VAPID, base64url keys from `web-push generate-vapid-keys`); unset: made once into DATA_DIR. */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{86,88}$/, 'expected a base64url P-256 public key')
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{42,44}$/, 'expected a base64url P-256 private key')
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:)/, 'expected mailto: or https:')
      .optional(),
    /** Where the Stripe SDK sends its calls; unset = Stripe itself. Tests point it at localstripe. */
    STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
    /** The platform's Stripe key, for schools on Stripe Connect (schools may also bring their own keys). */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')
      .optional(),
    /** The platform's publishable key: what Stripe.js uses in the browser for schools on Connect. */
    STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_/, 'expected a Stripe publishable key (pk_test_… or pk_live_…)')
      .optional(),
    /** Where browsers load Stripe.js from; tests point it at the stand-in's copy. */
    STRIPE_JS_URL: z.url({ protocol: /^https?$/ }).default('https://js.stripe.com/v3/'),
    /** Signing secret of the platform's Connect webhook endpoint. */
    STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
    /**
     * Shared by the API and the portal (≥ 32 characters): the portal sends it with the browser's
     * address (X-Portal-Secret + X-Client-Address), so sign-in throttles and rate limits count each
     * browser, not the portal. Unset: the API ignores X-Client-Address. `npm start` makes one.
     */
    PORTAL_API_SECRET: z.string().min(32).optional(),
    /**
     * Multiplies every rate limit (packages/platform/src/rate-limit/budgets.ts). 1 in production;
     * the test harness and the bench raise it, as their few users make thousands of calls.
     */
    RATE_LIMIT_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
    /** Believe X-Forwarded-For for the client address (behind a proxy only). */
    TRUST_PROXY: booleanFlag.default(false),
    /** Product analytics: the PostHog project key; unset, nothing is sent to PostHog. */
    POSTHOG_API_KEY: z.string().min(1).optional(),
    /** The PostHog host (EU or US cloud, or self-hosted); unset: posthog-node's default. */
    POSTHOG_HOST: z.url({ protocol: /^https?$/ }).optional(),
    /** Where uploaded files (lesson photos and videos) live: files under DATA_DIR/storage, or an S3 bucket. */
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    /** S3-compatible endpoint (MinIO, R2, Ceph…); unset: AWS S3 itself. Addressed path-style. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
      .optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    /** Both or neither; neither: the SDK's default credential chain (instance role, AWS_*). */
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET)
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when STORAGE_DRIVER=s3' });
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
      });
    }
    if (env.TWILIO_ACCOUNT_SID)
      for (const key of ['TWILIO_AUTH_TOKEN', 'TWILIO_SMS_FROM'] as const)
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'required with TWILIO_ACCOUNT_SID' });
    if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY))
      ctx.addIssue({
        code: 'custom',
        path: [env.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'],
        message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together',
      });
    // Development conveniences must never reach production silently.
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production' });
    }
    if (env.PORTAL_SESSION_SECRET.startsWith('dualcontrol-dev-')) {
      ctx.addIssue({
        code: 'custom',
        path: ['PORTAL_SESSION_SECRET'],
        message: 'the development secret is refused in production',
      });
    }
    if (env.ENCRYPTION_KEYS.startsWith('dev1:')) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEYS'],
        message: 'the development key is refused in production',
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid environment:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" (as in a .env line `DATABASE_URL=`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(env)'),
      message: issue.message,
    })),
  );
}

let loaded: Env | undefined;

/** Parses process.env once at boot; a bad value stops the process with a message naming it. */
export function loadEnv(): Env {
  if (loaded) return loaded;
  try {
    loaded = parseEnv(process.env);
    return loaded;
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
