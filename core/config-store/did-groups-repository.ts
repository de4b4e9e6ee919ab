import { and, asc, eq, getTableColumns, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { didGroups } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireTeam } from './team-objects.ts';
import {
  DID_NUMBER_PATTERN,
  requireIntInRange,
  requireMatch,
  requireNonBlank,
} from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** A DID group (spec 01 §2.5). */
export type DidGroup = typeof didGroups.$inferSelect;

/** Fields of a new DID group; unset ones take the spec's defaults. */
export type NewDidGroup = Omit<typeof didGroups.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes to a DID group; the team is fixed. */
export type DidGroupUpdate = Partial<Omit<NewDidGroup, 'teamId'>>;

/** Most numbers or prefixes one group lists. */
export const MAX_DID_GROUP_ENTRIES = 10_000;

/**
 * DG-1: a called number belongs to the group if it equals an entry
 * (`number` match) or starts with one (`prefix` match).
 */
export function didGroupMatches(
  group: Pick<DidGroup, 'matchType' | 'entries'>,
  calledNumber: string,
): boolean {
  return group.matchType === 'prefix'
    ? group.entries.some((entry) => calledNumber.startsWith(entry))
    : group.entries.includes(calledNumber);
}

function validateGroup(input: DidGroupUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.entries !== undefined) {
    if (input.entries.length > MAX_DID_GROUP_ENTRIES) {
      throw new ValidationError('entries', `at most ${MAX_DID_GROUP_ENTRIES} entries`);
    }
    const seen = new Set<string>();
    input.entries.forEach((entry, i) => {
      requireMatch(`entries.${i}`, entry, DID_NUMBER_PATTERN, 'a number or prefix (§2.5)');
      if (seen.has(entry)) throw new ValidationError(`entries.${i}`, `${entry} is listed twice`);
      seen.add(entry);
    });
  }
  for (const field of ['monthlyRentE4', 'rateE4'] as const) {
    const value = input[field];
    if (value !== undefined) requireIntInRange(field, value, 0, Number.MAX_SAFE_INTEGER);
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: didGroups,
  id: didGroups.id,
  selection: getTableColumns(didGroups),
  scope: (teamId) => eq(didGroups.teamId, teamId),
};

/** DID groups: named number or prefix lists, unique by name in a team. */
export class DidGroupsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewDidGroup): DidGroup {
    validateGroup(input);
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      assertNameFree(db, input.teamId, input.name);
      const now = this.#ctx.now();
      return db
        .insert(didGroups)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): DidGroup | undefined {
    return this.#ctx.db.select().from(didGroups).where(eq(didGroups.id, id)).get();
  }

  /** Groups of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): DidGroup[] {
    return this.#ctx.db
      .select()
      .from(didGroups)
      .where(teamId === undefined ? undefined : eq(didGroups.teamId, teamId))
      .orderBy(asc(didGroups.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<DidGroup> | undefined {
    return selectKeysetPage<DidGroup>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: DidGroupUpdate): DidGroup {
    validateGroup(patch);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('DID group', id);
      if (patch.name !== undefined) assertNameFree(db, current.teamId, patch.name, id);
      return db
        .update(didGroups)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(didGroups.id, id))
        .returning()
        .get()!;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(didGroups).where(eq(didGroups.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('DID group', id);
    });
  }
}

function assertNameFree(db: StoreDb, teamId: number, name: string, selfId?: number): void {
  const clash = db
    .select({ id: didGroups.id })
    .from(didGroups)
    .where(
      and(
        eq(didGroups.teamId, teamId),
        eq(didGroups.name, name),
        selfId === undefined ? undefined : ne(didGroups.id, selfId),
      ),
    )
    .get();
  if (clash !== undefined) {
    throw new ConflictError('ERR_NAME_TAKEN', `DID group ${name} exists in this team`, 'name');
  }
}
