import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit settings for the CDR database (cdr.db):
 * `npx drizzle-kit generate --config drizzle.cdr.config.ts`.
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './core/cdr-store/cdr-schema.ts',
  out: './core/cdr-store/migrations',
});
