import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, provisionRoleLogins, runMigrations, startEmbeddedPostgres } from '@dualcontrol/db';
import { freePort } from '@dualcontrol/platform';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import './provided.ts';

export const TEMPLATE_DB = 'dc_template';
export const TEST_ROLE_PASSWORD = 'test-role-password';

/** One real PostgreSQL per test run; migrated once into a template that each test file clones. */
export default async function setup(project: TestProject) {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'dualcontrol-pg-'));
  await chmod(dir, 0o755); // the server runs as the `postgres` OS user when we are root
  const pg = await startEmbeddedPostgres({
    dataDir: join(dir, 'data'),
    port: await freePort(),
    ephemeral: true,
  });
  await ensureDatabase(pg.url, TEMPLATE_DB);
  await runMigrations(pg.urlFor(TEMPLATE_DB));
  const owner = postgres(pg.urlFor(TEMPLATE_DB), { max: 1, onnotice: () => {} });
  await provisionRoleLogins(owner, TEST_ROLE_PASSWORD);
  await owner.end();
  project.provide('dcPostgres', {
    superuserUrl: pg.url,
    template: TEMPLATE_DB,
    rolePassword: TEST_ROLE_PASSWORD,
  });
  if (process.env.DC_TEST_VERBOSE)
    console.log(`postgres ready in ${Math.round(performance.now() - started)} ms`);
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
