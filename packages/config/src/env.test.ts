import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ API_PORT: 3000, PORTAL_PORT: 3001, DATA_DIR: '.data', DEMO_TENANTS: true });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('listens on loopback unless told otherwise, and lets a container name where the portal finds the API', () => {
    expect(parseEnv({}).LISTEN_HOST).toBe('127.0.0.1');
    expect(parseEnv({}).PORTAL_API_URL).toBeUndefined();
    const container = parseEnv({ LISTEN_HOST: '0.0.0.0', PORTAL_API_URL: 'http://api:3000' });
    expect(container).toMatchObject({ LISTEN_HOST: '0.0.0.0', PORTAL_API_URL: 'http://api:3000' });
    expect(() => parseEnv({ PORTAL_API_URL: 'postgres://api:3000' })).toThrow(/PORTAL_API_URL/);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable', () => {
    try {
      parseEnv({ API_PORT: 'abc', DATABASE_URL: 'mysql://x', DEMO_TENANTS: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const vars = (error as EnvError).issues.map((i) => i.variable).sort();
      expect(vars).toEqual(['API_PORT', 'DATABASE_URL', 'DEMO_TENANTS']);
      expect((error as Error).message).toContain('API_PORT');
    }
  });

  it('describes Stripe.js for browsers: the real one by default, a publishable key only when set and well formed', () => {
    expect(parseEnv({}).STRIPE_JS_URL).toBe('https://js.stripe.com/v3/');
    expect(parseEnv({}).STRIPE_PUBLISHABLE_KEY).toBeUndefined();
    const standIn = parseEnv({
      STRIPE_JS_URL: 'http://127.0.0.1:8420/js.stripe.com/v3/',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_platform',
    });
    expect(standIn).toMatchObject({
      STRIPE_JS_URL: 'http://127.0.0.1:8420/js.stripe.com/v3/',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_platform',
    });
    expect(() => parseEnv({ STRIPE_PUBLISHABLE_KEY: 'sk_test_secret' })).toThrow(/STRIPE_PUBLISHABLE_KEY/);
    expect(() => parseEnv({ STRIPE_JS_URL: 'javascript:alert(1)' })).toThrow(/STRIPE_JS_URL/);
  });

  it('stores files on local disk by default; s3 needs a bucket and both halves of a key pair', () => {
    expect(parseEnv({}).STORAGE_DRIVER).toBe('local');
    const s3 = parseEnv({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'dualcontrol-files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(s3).toMatchObject({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'dualcontrol-files',
      S3_REGION: 'us-east-1',
    });
    expect(() => parseEnv({ STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
    expect(() => parseEnv({ STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
    expect(() => parseEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1b', S3_ACCESS_KEY_ID: 'id' })).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
    expect(() => parseEnv({ S3_BUCKET: 'Not_A_Bucket' })).toThrow(/S3_BUCKET/);
  });

  it('refuses development defaults in production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL[\s\S]*TEMPORAL_ADDRESS[\s\S]*ENCRYPTION_KEYS/,
    );
  });
});
