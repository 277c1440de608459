/**
 * A Dualcontrol backup is a directory: `manifest.json` plus one gzipped COPY (text format) file per
 * table. It is a logical backup of the data only; the schema comes from the migrations of the same
 * release, which is why the manifest names the migrations it was taken at.
 */
export type BackupManifest = {
  format: 'dualcontrol-backup';
  version: 1;
  takenAt: string;
  /** The server's version string, for the record. */
  server: string;
  /** drizzle's migration hashes in order: a restore needs exactly these applied. */
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number; file: string }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
};

export const MANIFEST = 'manifest.json';

/** Quotes an identifier for SQL built from the catalog (names come from pg_class, never from input). */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export type Progress = (message: string) => void;
