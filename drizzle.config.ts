import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit settings: `npm run db:generate` turns changes of the schema
 * into SQL migrations that openStore() applies at start.
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './core/config-store/schema.ts',
  out: './core/config-store/migrations',
});
