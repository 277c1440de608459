import { join, resolve } from 'node:path';
import type { Env } from '@dualcontrol/config';
import { localDiskStorage } from './local-disk-storage.ts';
import { s3Storage } from './s3-storage.ts';
import type { Storage } from './storage.ts';

/** The storage the environment asks for (STORAGE_DRIVER; the S3_* variables for s3). */
export function createStorage(env: Env): Storage {
  if (env.STORAGE_DRIVER === 's3') {
    // The env schema refuses s3 without a bucket, so this is a programming error if it happens.
    if (!env.S3_BUCKET) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET');
    return s3Storage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
    });
  }
  return localDiskStorage(join(resolve(env.DATA_DIR), 'storage'));
}
