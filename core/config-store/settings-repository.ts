import { asc, eq } from 'drizzle-orm';
import { settings } from './schema.ts';
import type { StoreContext } from './store-context.ts';

/** Well-known setting keys. */
export const SETTING_KEYS = {
  /** ISO time the first superadmin was created; its presence means "done". */
  superadminCreatedAt: 'bootstrap.superadminCreatedAt',
  /** ISO time the store file was first opened. */
  storeCreatedAt: 'store.createdAt',
} as const;

/** Key/value bookkeeping of the store. Values are text; callers encode. */
export class SettingsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  get(key: string): string | undefined {
    const row = this.#ctx.db
      .select({ value: settings.value })
      .from(settings)
      .where(eq(settings.key, key))
      .get();
    return row?.value;
  }

  set(key: string, value: string): void {
    const now = this.#ctx.now();
    this.#ctx.write((db) =>
      db
        .insert(settings)
        .values({ key, value, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
        .run(),
    );
  }

  /** Sets `key` unless it exists; returns whether it was set. */
  setIfAbsent(key: string, value: string): boolean {
    const now = this.#ctx.now();
    const result = this.#ctx.write((db) =>
      db
        .insert(settings)
        .values({ key, value, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .run(),
    );
    return result.changes === 1;
  }

  list(): { key: string; value: string }[] {
    return this.#ctx.db
      .select({ key: settings.key, value: settings.value })
      .from(settings)
      .orderBy(asc(settings.key))
      .all();
  }
}
