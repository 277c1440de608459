import { defineConfig } from 'drizzle-kit';

// One migration stream for the whole product: the core schema plus every module's schema file.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/schema/*.ts', '../../modules/*/src/schema.ts'],
  out: './migrations',
  strict: true,
  verbose: false,
});
