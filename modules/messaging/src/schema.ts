// drizzle-kit reads this file (packages/db/drizzle.config.ts); the tables live beside their feature.

export * from './devices/schema.ts';
export * from './notifications/schema.ts';
export * from './threads/schema.ts';
