import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { callerListEntries } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertInTeam, requireTeam } from './team-objects.ts';
import { CALLER_NUMBER_PATTERN, requireMatch } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import { SEARCH_INDEXES } from './search-index.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** One blacklist or whitelist entry (spec 02 §3.8, §3.9). */
export type CallerListEntry = typeof callerListEntries.$inferSelect;

/** Fields of a new entry; without account or extension it covers the team. */
export type NewCallerListEntry = Omit<
  typeof callerListEntries.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Changes to an entry; the team and list are fixed. */
export type CallerListEntryUpdate = Partial<Omit<NewCallerListEntry, 'teamId' | 'listType'>>;

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: callerListEntries,
  id: callerListEntries.id,
  selection: getTableColumns(callerListEntries),
  scope: (teamId) => eq(callerListEntries.teamId, teamId),
  search: SEARCH_INDEXES.callerListEntries,
};

/** Inbound caller screening: team-, account- or extension-wide (BL-1, WL-1). */
export class CallerListsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewCallerListEntry): CallerListEntry {
    this.#validatePattern(input.numberPattern);
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      this.#assertScope(db, input.teamId, input);
      const now = this.#ctx.now();
      return db
        .insert(callerListEntries)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): CallerListEntry | undefined {
    return this.#ctx.db.select().from(callerListEntries).where(eq(callerListEntries.id, id)).get();
  }

  /** Entries of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): CallerListEntry[] {
    return this.#ctx.db
      .select()
      .from(callerListEntries)
      .where(teamId === undefined ? undefined : eq(callerListEntries.teamId, teamId))
      .orderBy(asc(callerListEntries.id))
      .all();
  }

  /**
   * A team's enabled entries as call screening reads them (BL-1, WL-1),
   * kept while the config is unchanged: screening runs on every inbound
   * call, and a team's list of 10,000 numbers took tens of ms to read (D111).
   */
  screeningRules(teamId: number): readonly CallerListEntry[] {
    const read = () => ({
      rows: this.#ctx.db
        .select()
        .from(callerListEntries)
        .where(and(eq(callerListEntries.teamId, teamId), eq(callerListEntries.status, 'enabled')))
        .all(),
    });
    return (this.#ctx.cached(`caller-screening-rules:${teamId}`, read) ?? read()).rows;
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<CallerListEntry> | undefined {
    return selectKeysetPage<CallerListEntry>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: CallerListEntryUpdate): CallerListEntry {
    if (patch.numberPattern !== undefined) this.#validatePattern(patch.numberPattern);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('caller list entry', id);
      this.#assertScope(db, current.teamId, { ...current, ...patch });
      return db
        .update(callerListEntries)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(callerListEntries.id, id))
        .returning()
        .get()!;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(callerListEntries).where(eq(callerListEntries.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('caller list entry', id);
    });
  }

  #validatePattern(pattern: string): void {
    requireMatch('numberPattern', pattern, CALLER_NUMBER_PATTERN, 'a number or prefix* (BL-2)');
  }

  /** An entry covers the team, one account of it, or one extension of it. */
  #assertScope(
    db: StoreDb,
    teamId: number,
    entry: Pick<NewCallerListEntry, 'accountId' | 'extensionId'>,
  ): void {
    if (entry.accountId != null && entry.extensionId != null) {
      throw new ValidationError(
        'extensionId',
        'an entry covers an account or an extension, not both',
      );
    }
    if (entry.accountId != null) assertInTeam(db, 'account', entry.accountId, teamId, 'accountId');
    if (entry.extensionId != null) {
      assertInTeam(db, 'extension', entry.extensionId, teamId, 'extensionId');
    }
  }
}
