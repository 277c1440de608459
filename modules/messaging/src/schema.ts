// drizzle-kit reads this file (packages/db/drizzle.config.ts); the tables live beside their feature.
export * from './notifications/schema.ts';
export * from './devices/schema.ts';
