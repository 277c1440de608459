export { backupDatabase } from './backup-database.ts';
export type { BackupManifest } from './backup-format.ts';
export { readManifest, restoreDatabase } from './restore-database.ts';
