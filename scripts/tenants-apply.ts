/**
 * `npm run tenants:apply -- tenants/<slug> [more folders]`: makes the database match each
 * folder's tenant.json (idempotent). Uses DATABASE_URL, or the embedded database of `npm start`
 * (which must be running) when DATABASE_URL is unset.
 */
import { resolve } from 'node:path';
import { loadEnv } from '@dualcontrol/config';
import { connectDatabase, roleUrls, systemActor } from '@dualcontrol/db';
import {
  applyModuleSeeds,
  applyTenantDefinition,
  applyTenantLogo,
  createStorage,
  readTenantFolder,
} from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';

const folders = process.argv.slice(2);
if (!folders.length) {
  console.error('usage: npm run tenants:apply -- tenants/<slug> [tenants/<slug> …]');
  process.exit(64);
}
const env = loadEnv();
if (!env.DATABASE_URL && !env.DATABASE_PLATFORM_URL) {
  console.error('Set DATABASE_URL (npm start prints the embedded one) to say which database to apply to.');
  process.exit(64);
}
const urls = roleUrls(env);
const platformDb = connectDatabase(urls.platform, { max: 1, pooler: urls.pooler?.platform });
const appDb = connectDatabase(urls.app, { max: 1, pooler: urls.pooler?.app });
const registry = createProductRegistry();
// Must be the storage the API reads (same DATA_DIR or bucket), or the logo is stored out of its sight.
const storage = createStorage(env);
let failed = false;
for (const folder of folders) {
  try {
    const def = await readTenantFolder(resolve(folder));
    const s = await applyTenantDefinition(platformDb, registry, systemActor, def);
    const logo = await applyTenantLogo(
      { platformDb, storage },
      systemActor,
      s.tenantId,
      resolve(folder),
      def,
    );
    const seeded = await applyModuleSeeds(appDb, registry, s.tenantId, resolve(folder));
    console.log(
      `${s.slug}: ${s.created ? 'created' : 'updated'}; ${s.usersCreated} users added, ${s.usersKept} already there` +
        (logo === 'stored' ? '; logo stored' : '') +
        (seeded.length ? `; ${seeded.join(', ')} data applied` : ''),
    );
  } catch (error) {
    failed = true;
    console.error((error as Error).message);
  }
}
await Promise.all([platformDb.close(), appDb.close()]);
process.exit(failed ? 1 : 0);
