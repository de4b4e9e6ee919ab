import { and, asc, eq, getTableColumns, inArray, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import { trunkGroupMembers, trunkGroups } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertNoDuplicates, assertTrunkUsable, chunked, requireTeam } from './team-objects.ts';
import { requireNonBlank } from './validate.ts';
import { selectKeysetPage } from './keyset-page.ts';
import type { KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';
import { TrunkGroupRulesRepository } from './trunk-group-rules-repository.ts';

type TrunkGroupRow = typeof trunkGroups.$inferSelect;

/** A trunk group with its trunks in hunting order (spec 02 §3.4). */
export type TrunkGroup = TrunkGroupRow & { trunkIds: number[] };

/** Fields of a new trunk group. */
export type NewTrunkGroup = Omit<
  typeof trunkGroups.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
> & {
  trunkIds?: number[] | undefined;
};

/** Changes to a trunk group; `trunkIds` replaces the members. */
export type TrunkGroupUpdate = Partial<Omit<NewTrunkGroup, 'teamId'>>;

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: trunkGroups,
  id: trunkGroups.id,
  selection: getTableColumns(trunkGroups),
  scope: (teamId) => eq(trunkGroups.teamId, teamId),
};

/** Trunk groups: trunks of the team or system-wide ones (TRK-1), hunted by strategy. */
export class TrunkGroupsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewTrunkGroup): TrunkGroup {
    requireNonBlank('name', input.name);
    const { trunkIds, ...fields } = input;
    return this.#ctx.write((db) => {
      requireTeam(db, fields.teamId);
      this.#assertNameFree(db, fields.teamId, fields.name, undefined);
      const now = this.#ctx.now();
      const row = db
        .insert(trunkGroups)
        .values({ ...fields, createdAt: now, updatedAt: now })
        .returning()
        .get();
      this.#replaceMembers(db, row, trunkIds ?? []);
      return this.#withMembers(db, row);
    });
  }

  find(id: number): TrunkGroup | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(trunkGroups).where(eq(trunkGroups.id, id)).get();
    return row && this.#withMembers(db, row);
  }

  /** Trunk groups of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): TrunkGroup[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(trunkGroups)
      .where(teamId === undefined ? undefined : eq(trunkGroups.teamId, teamId))
      .orderBy(asc(trunkGroups.id))
      .all();
    const members =
      rows.length === 0
        ? new Map<number, never[]>()
        : this.#membersOf(
            db,
            rows.map((r) => r.id),
          );
    return rows.map((row) => ({ ...row, trunkIds: members.get(row.id) ?? [] }));
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<TrunkGroup> | undefined {
    const db = this.#ctx.db;
    const page = selectKeysetPage<TrunkGroupRow>(db, KEYSET_SOURCE, request);
    if (page === undefined) return undefined;
    const ids = page.items.map((row) => row.id);
    const members = ids.length === 0 ? new Map<number, never[]>() : this.#membersOf(db, ids);
    const items = page.items.map((row) => ({ ...row, trunkIds: members.get(row.id) ?? [] }));
    return { items, hasMore: page.hasMore };
  }

  update(id: number, patch: TrunkGroupUpdate): TrunkGroup {
    if (patch.name !== undefined) requireNonBlank('name', patch.name);
    const { trunkIds, ...fields } = patch;
    return this.#ctx.write((db) => {
      const current = db.select().from(trunkGroups).where(eq(trunkGroups.id, id)).get();
      if (current === undefined) throw new NotFoundError('trunk group', id);
      if (fields.name !== undefined) this.#assertNameFree(db, current.teamId, fields.name, id);
      const row = db
        .update(trunkGroups)
        .set({ ...fields, updatedAt: this.#ctx.now() })
        .where(eq(trunkGroups.id, id))
        .returning()
        .get()!;
      if (trunkIds !== undefined) this.#replaceMembers(db, row, trunkIds);
      return this.#withMembers(db, row);
    });
  }

  /** Deletes a trunk group; the trunks stay. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(trunkGroups).where(eq(trunkGroups.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('trunk group', id);
    });
  }

  #assertNameFree(db: StoreDb, teamId: number, name: string, selfId: number | undefined): void {
    const other = db
      .select({ id: trunkGroups.id })
      .from(trunkGroups)
      .where(
        and(
          eq(trunkGroups.teamId, teamId),
          eq(trunkGroups.name, name),
          selfId === undefined ? undefined : ne(trunkGroups.id, selfId),
        ),
      )
      .get();
    if (other !== undefined) {
      throw new ConflictError('ERR_NAME_TAKEN', `trunk group ${name} already exists`, 'name');
    }
  }

  #replaceMembers(db: StoreDb, group: TrunkGroupRow, trunkIds: number[]): void {
    assertNoDuplicates('trunkIds', trunkIds);
    for (const trunkId of trunkIds) assertTrunkUsable(db, trunkId, group.teamId, 'trunkIds');
    db.delete(trunkGroupMembers).where(eq(trunkGroupMembers.trunkGroupId, group.id)).run();
    TrunkGroupRulesRepository.removeForLeavers(db, group.id, trunkIds);
    if (trunkIds.length === 0) return;
    db.insert(trunkGroupMembers)
      .values(trunkIds.map((trunkId, position) => ({ trunkGroupId: group.id, trunkId, position })))
      .run();
  }

  #withMembers(db: StoreDb, row: TrunkGroupRow): TrunkGroup {
    return { ...row, trunkIds: this.#membersOf(db, [row.id]).get(row.id) ?? [] };
  }

  #membersOf(db: StoreDb, groupIds: number[]): Map<number, number[]> {
    const rows = chunked(groupIds).flatMap((ids) =>
      db
        .select()
        .from(trunkGroupMembers)
        .where(inArray(trunkGroupMembers.trunkGroupId, ids))
        .orderBy(asc(trunkGroupMembers.position))
        .all(),
    );
    const out = new Map<number, number[]>();
    for (const row of rows) {
      const list = out.get(row.trunkGroupId) ?? [];
      list.push(row.trunkId);
      out.set(row.trunkGroupId, list);
    }
    return out;
  }
}
