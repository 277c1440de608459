import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import webpush from 'web-push';

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

const DEV_SUBJECT = 'mailto:no-reply@dualcontrol.localhost';

/**
 * The application server's VAPID key pair: from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when set;
 * otherwise (development) generated once into DATA_DIR/vapid-keys.json and reused, like the
 * other development secrets, so subscriptions made yesterday still work today. The API (which
 * hands the public key to browsers) and the worker (which signs) read the same file.
 */
export function resolveVapidKeys(env: {
  VAPID_PUBLIC_KEY?: string | undefined;
  VAPID_PRIVATE_KEY?: string | undefined;
  VAPID_SUBJECT?: string | undefined;
  DATA_DIR: string;
}): VapidKeys {
  const subject = env.VAPID_SUBJECT ?? DEV_SUBJECT;
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY)
    return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject };
  const file = join(env.DATA_DIR, 'vapid-keys.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
    return { ...stored, subject };
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(dirname(file), { recursive: true });
  try {
    // `wx`: when the API and the worker start together, the first writer wins and both read it.
    writeFileSync(file, JSON.stringify(keys), { flag: 'wx', mode: 0o600 });
  } catch {
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as typeof keys), subject };
  }
  return { ...keys, subject };
}
