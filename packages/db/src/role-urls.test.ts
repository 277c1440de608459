import { parseEnv } from '@dualcontrol/config';
import { describe, expect, it } from 'vitest';
import { roleUrls } from './role-urls.ts';

const owner = 'postgres://owner:owner-secret@db.internal:5432/dualcontrol';

describe('roleUrls', () => {
  it('without a pooler: the roles straight to PostgreSQL, nothing pooled', () => {
    const urls = roleUrls(parseEnv({ DATABASE_URL: owner, DATABASE_ROLE_PASSWORD: 'role-secret-1' }));
    expect(urls.app).toBe('postgres://dualcontrol_app:role-secret-1@db.internal:5432/dualcontrol');
    expect(urls.pooler).toBeUndefined();
  });

  it('with DATABASE_POOLER_URL: the same roles at the pooler’s address, LISTEN still direct', () => {
    const urls = roleUrls(
      parseEnv({
        DATABASE_URL: owner,
        DATABASE_ROLE_PASSWORD: 'role-secret-1',
        DATABASE_POOLER_URL: 'postgres://pgbouncer.internal:6432/dualcontrol',
      }),
    );
    expect(urls.app).toBe('postgres://dualcontrol_app:role-secret-1@pgbouncer.internal:6432/dualcontrol');
    expect(urls.platform).toBe(
      'postgres://dualcontrol_platform:role-secret-1@pgbouncer.internal:6432/dualcontrol',
    );
    expect(urls.pooler).toEqual({
      app: { listenUrl: 'postgres://dualcontrol_app:role-secret-1@db.internal:5432/dualcontrol' },
      platform: { listenUrl: 'postgres://dualcontrol_platform:role-secret-1@db.internal:5432/dualcontrol' },
    });
  });

  it('takes the credentials of explicit role URLs, and their database when the pooler URL names none', () => {
    const urls = roleUrls(
      parseEnv({
        DATABASE_APP_URL: 'postgres://app_login:a%40pw@db.internal:5432/school_db',
        DATABASE_PLATFORM_URL: 'postgres://platform_login:p-pw@db.internal:5432/school_db',
        DATABASE_POOLER_URL: 'postgres://pgbouncer.internal:6432',
      }),
    );
    expect(urls.app).toBe('postgres://app_login:a%40pw@pgbouncer.internal:6432/school_db');
    expect(urls.platform).toBe('postgres://platform_login:p-pw@pgbouncer.internal:6432/school_db');
    expect(urls.pooler?.app.listenUrl).toBe('postgres://app_login:a%40pw@db.internal:5432/school_db');
  });

  it('refuses a pooler URL that is not PostgreSQL’s', () => {
    expect(() => parseEnv({ DATABASE_POOLER_URL: 'http://pgbouncer:6432' })).toThrow(/DATABASE_POOLER_URL/);
  });
});
