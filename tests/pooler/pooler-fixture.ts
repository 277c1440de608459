import { APP_ROLE, PLATFORM_ROLE } from '@dualcontrol/db';
import { type Pgbouncer, startPgbouncer } from '@dualcontrol/testing';
import { inject } from 'vitest';

/**
 * A PgBouncer in transaction mode in front of the run's PostgreSQL server, for the app and
 * platform roles; every database name passes through, so it serves any test file's clone.
 */
export function startPooler(poolSize: number): Promise<Pgbouncer> {
  const { superuserUrl, rolePassword } = inject('dcPostgres');
  return startPgbouncer({
    upstreamUrl: superuserUrl,
    users: [
      { name: APP_ROLE, password: rolePassword },
      { name: PLATFORM_ROLE, password: rolePassword },
    ],
    poolMode: 'transaction',
    poolSize,
  });
}
