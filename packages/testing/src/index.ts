export { oneRow } from './one-row.ts';
export type { ProvidedPostgres, ProvidedTemporal } from './provided.ts';
export { createTestDatabase, type TestDatabase } from './test-database.ts';
