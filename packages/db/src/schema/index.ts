export { createdAt, idColumn, sameTenant, ts, updatedAt } from './columns.ts';
export * from './demo.ts';
export * from './people.ts';
export * from './platform.ts';
export * from './system.ts';
export { currentTenantSql, tenantIdColumn, tenantIsolationPolicy } from './tenant-table.ts';
export * from './tenants.ts';
export * from './users.ts';
