export { type BackupManifest, backupDatabase, readManifest, restoreDatabase } from './backup/index.ts';
export {
  type Actor,
  connectDatabase,
  type Database,
  type Db,
  type OpenTransaction,
  pgErrorCode,
  systemActor,
  type Tx,
  withCredentials,
} from './client.ts';
export { isClosedSocketWrite, surviveClosedSocketWrites } from './closed-socket-write.ts';
export { type EmbeddedPostgresHandle, ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.ts';
export { decryptField, encryptField, type Keyring, parseKeyring } from './encryption.ts';
export { newId } from './ids.ts';
export { migrationsFolder, runMigrations } from './migrate.ts';
export { type RoleUrls, roleUrls, throughPooler } from './role-urls.ts';
export { APP_ROLE, PLATFORM_ROLE, provisionRoleLogins } from './roles.ts';
export * from './schema/index.ts';
export { stopListening } from './stop-listening.ts';
