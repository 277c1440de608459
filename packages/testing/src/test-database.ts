import { randomUUID } from 'node:crypto';
import { type Env, parseEnv } from '@dualcontrol/config';
import {
  APP_ROLE,
  connectDatabase,
  type Database,
  PLATFORM_ROLE,
  pgErrorCode,
  withCredentials,
} from '@dualcontrol/db';
import postgres from 'postgres';
import { inject } from 'vitest';
import './provided.ts';

export type TestDatabase = {
  name: string;
  ownerUrl: string;
  appUrl: string;
  platformUrl: string;
  /**
   * The migrating owner, a superuser in the embedded setup: for arranging states no app path may
   * reach (e.g. expiring a session) and for reading the catalog. Never used to prove isolation.
   */
  owner: postgres.Sql;
  db: Database;
  platformDb: Database;
  /** An environment pointing at this database, as the api and worker would parse it. */
  env: Env;
  drop(): Promise<void>;
};

async function cloneTemplate(superuserUrl: string, template: string, name: string): Promise<void> {
  const admin = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        return;
      } catch (error) {
        // 55006: another file is cloning the template at this instant; wait and try again.
        if (pgErrorCode(error) !== '55006' || attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
}

/** A fresh database cloned from the migrated template: each test file gets its own. */
export async function createTestDatabase(envOverrides: Record<string, string> = {}): Promise<TestDatabase> {
  const { superuserUrl, template, rolePassword } = inject('dcPostgres');
  const name = `t_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  await cloneTemplate(superuserUrl, template, name);
  const superUrl = new URL(superuserUrl);
  superUrl.pathname = `/${name}`;
  return connectTestDatabase(superUrl.toString(), rolePassword, envOverrides, async () => {
    const admin = postgres(superuserUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
}

/**
 * A TestDatabase over an already migrated database whose run-time roles log in with
 * `rolePassword` (e.g. a drill's own PostgreSQL server); `dropDatabase` runs after the pools close.
 */
export function connectTestDatabase(
  ownerUrl: string,
  rolePassword: string,
  envOverrides: Record<string, string> = {},
  dropDatabase: () => Promise<void> = async () => {},
): TestDatabase {
  const name = new URL(ownerUrl).pathname.slice(1);
  const appUrl = withCredentials(ownerUrl, APP_ROLE, rolePassword);
  const platformUrl = withCredentials(ownerUrl, PLATFORM_ROLE, rolePassword);
  const owner = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  const db = connectDatabase(appUrl, { max: 5 });
  const platformDb = connectDatabase(platformUrl, { max: 3 });
  const env = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: ownerUrl,
    DATABASE_APP_URL: appUrl,
    DATABASE_PLATFORM_URL: platformUrl,
    DATABASE_ROLE_PASSWORD: rolePassword,
    ...envOverrides,
  });
  return {
    name,
    ownerUrl,
    appUrl,
    platformUrl,
    owner,
    db,
    platformDb,
    env,
    async drop() {
      await Promise.all([db.close(), platformDb.close(), owner.end()]);
      await dropDatabase();
    },
  };
}
