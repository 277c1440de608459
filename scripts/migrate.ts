/**
 * `npm run db:migrate [-- --role-logins] [-- --operator]`: the migration step on its own, for a
 * deployment where nothing runs `npm start` (the compose `migrate` service and the Helm chart's
 * pre-install/pre-upgrade Job run exactly this file). Idempotent: a second run changes nothing.
 *
 *   (always)       apply the drizzle migrations to DATABASE_URL (under the same advisory lock as
 *                  `npm start`, so two jobs started at once apply each migration once)
 *   --role-logins  give dualcontrol_app / dualcontrol_platform a login with DATABASE_ROLE_PASSWORD
 *   --operator     create the first platform operator (PLATFORM_OPERATOR_EMAIL / _PASSWORD) if missing
 *
 * DATABASE_URL must reach PostgreSQL directly, never through PgBouncer in transaction mode: the
 * migration lock is a session-level advisory lock and DDL wants one session.
 */
import { loadEnv } from '@dualcontrol/config';

const started = performance.now();
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(
    JSON.stringify({
      level: 'info',
      service: 'migrate',
      msg,
      ms: Math.round(performance.now() - started),
      ...fields,
    }),
  );
const stop = (code: number, message: string): never => {
  console.error(JSON.stringify({ level: 'error', service: 'migrate', msg: message }));
  process.exit(code);
};

const known = new Set(['--role-logins', '--operator']);
const args = process.argv.slice(2);
for (const arg of args)
  if (!known.has(arg)) stop(64, `unknown argument ${arg} (expected --role-logins, --operator)`);

const env = loadEnv();
const ownerUrl =
  env.DATABASE_URL ??
  stop(64, 'DATABASE_URL is required: the migration job never starts an embedded database');
// The schema's defaults are development conveniences; a production job must be given real values.
const production = env.NODE_ENV === 'production';
if (production && args.includes('--role-logins') && !process.env.DATABASE_ROLE_PASSWORD)
  stop(78, 'DATABASE_ROLE_PASSWORD must be set to give the run-time roles a login in production');
if (production && args.includes('--operator') && !process.env.PLATFORM_OPERATOR_PASSWORD)
  stop(78, 'PLATFORM_OPERATOR_PASSWORD must be set to create the first operator in production');

// Loaded only once the arguments and the environment are known to be usable: a refusal is instant.
const { connectDatabase, provisionRoleLogins, roleUrls, runMigrations } = await import('@dualcontrol/db');
const { ensureOperator } = await import('@dualcontrol/platform');
const { default: postgres } = await import('postgres');

try {
  await runMigrations(ownerUrl);
  log('migrations applied');

  if (args.includes('--role-logins')) {
    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await provisionRoleLogins(owner, env.DATABASE_ROLE_PASSWORD);
    } finally {
      await owner.end({ timeout: 5 });
    }
    log('run-time roles can log in');
  }

  if (args.includes('--operator')) {
    // Straight to PostgreSQL as the platform role (derived from DATABASE_URL), not through the
    // DATABASE_PLATFORM_URL / DATABASE_POOLER_URL the API uses: the job may run before the pooler is up.
    const direct = roleUrls({
      ...env,
      DATABASE_APP_URL: undefined,
      DATABASE_PLATFORM_URL: undefined,
      DATABASE_POOLER_URL: undefined,
    });
    const platformDb = connectDatabase(direct.platform, { max: 1, applicationName: 'dualcontrol-migrate' });
    try {
      const operator = await ensureOperator(platformDb, {
        email: env.PLATFORM_OPERATOR_EMAIL,
        password: env.PLATFORM_OPERATOR_PASSWORD,
      });
      log(operator.created ? 'platform operator created' : 'platform operator present', {
        email: env.PLATFORM_OPERATOR_EMAIL,
      });
    } finally {
      await platformDb.close();
    }
  }
} catch (error) {
  stop(1, `migration failed: ${(error as Error).message}`);
}
