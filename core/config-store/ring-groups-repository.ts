import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { NotFoundError } from '../index.ts';
import { assertMohClassUsable } from './media-objects.ts';
import { moveInternalNumber, reserveInternalNumber } from './internal-numbers-repository.ts';
import { internalNumbers, ringGroupMembers, ringGroups } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import {
  assertFailover,
  assertInTeam,
  assertNoDuplicates,
  chunked,
  requireTeam,
} from './team-objects.ts';
import { EXTENSION_NUMBER_PATTERN, requireMatch, requireNonBlank } from './validate.ts';
import { selectKeysetPage } from './keyset-page.ts';
import { selectIds } from './select-ids.ts';
import type { KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

type RingGroupRow = typeof ringGroups.$inferSelect;

/** A ring group with its member extensions in ring order (spec §2.3). */
export type RingGroup = RingGroupRow & { extensionIds: number[] };

/** Fields of a new ring group; unset ones take the spec's defaults. */
export type NewRingGroup = Omit<
  typeof ringGroups.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
> & {
  extensionIds?: number[] | undefined;
};

/** Changes to a ring group; `extensionIds` replaces the members. */
export type RingGroupUpdate = Partial<Omit<NewRingGroup, 'teamId'>>;

function validateRingGroup(input: RingGroupUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.internalNumber !== undefined) {
    requireMatch('internalNumber', input.internalNumber, EXTENSION_NUMBER_PATTERN, 'digits');
  }
  if (input.callerNumberPrefix != null) {
    requireMatch('callerNumberPrefix', input.callerNumberPrefix, /^[0-9]{0,16}$/, 'digits (RG-6)');
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: ringGroups,
  id: ringGroups.id,
  selection: getTableColumns(ringGroups),
  scope: (teamId) => eq(ringGroups.teamId, teamId),
};

/**
 * Ring groups. Their number lives in the team's internal-number namespace
 * (RG-8), reserved in the same transaction as the group.
 */
export class RingGroupsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewRingGroup): RingGroup {
    validateRingGroup(input);
    const { extensionIds, ...fields } = input;
    return this.#ctx.write((db) => {
      requireTeam(db, fields.teamId);
      assertFailover(db, fields.teamId, fields.failoverType ?? 'hangup', fields.failoverTargetId);
      assertMohClassUsable(db, fields.mohClassId, fields.teamId);
      const now = this.#ctx.now();
      const row = db
        .insert(ringGroups)
        .values({ ...fields, createdAt: now, updatedAt: now })
        .returning()
        .get();
      reserveInternalNumber(this.#ctx, db, {
        teamId: row.teamId,
        number: row.internalNumber,
        kind: 'ringGroup',
        ownerId: row.id,
      });
      this.#replaceMembers(db, row, extensionIds ?? []);
      return this.#withMembers(db, row);
    });
  }

  find(id: number): RingGroup | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(ringGroups).where(eq(ringGroups.id, id)).get();
    return row && this.#withMembers(db, row);
  }

  /** Ids of the ring groups named `name`, of a team or of every team (振铃组名称). */
  idsByName(name: string, teamId?: number): number[] {
    const team = teamId === undefined ? undefined : eq(ringGroups.teamId, teamId);
    return selectIds(this.#ctx.db, ringGroups, ringGroups.id, and(team, eq(ringGroups.name, name)));
  }

  /** Ring groups of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): RingGroup[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(ringGroups)
      .where(teamId === undefined ? undefined : eq(ringGroups.teamId, teamId))
      .orderBy(asc(ringGroups.id))
      .all();
    const members =
      rows.length === 0
        ? new Map<number, never[]>()
        : this.#membersOf(
            db,
            rows.map((r) => r.id),
          );
    return rows.map((row) => ({ ...row, extensionIds: members.get(row.id) ?? [] }));
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<RingGroup> | undefined {
    const db = this.#ctx.db;
    const page = selectKeysetPage<RingGroupRow>(db, KEYSET_SOURCE, request);
    if (page === undefined) return undefined;
    const ids = page.items.map((row) => row.id);
    const members = ids.length === 0 ? new Map<number, never[]>() : this.#membersOf(db, ids);
    const items = page.items.map((row) => ({ ...row, extensionIds: members.get(row.id) ?? [] }));
    return { items, hasMore: page.hasMore };
  }

  update(id: number, patch: RingGroupUpdate): RingGroup {
    validateRingGroup(patch);
    const { extensionIds, ...fields } = patch;
    return this.#ctx.write((db) => {
      const current = db.select().from(ringGroups).where(eq(ringGroups.id, id)).get();
      if (current === undefined) throw new NotFoundError('ring group', id);
      const next = { ...current, ...fields };
      if (fields.failoverType !== undefined && fields.failoverTargetId === undefined) {
        // A new type without a target drops the old target.
        next.failoverTargetId = null;
      }
      assertFailover(db, current.teamId, next.failoverType, next.failoverTargetId, {
        kind: 'ringGroup',
        id,
      });
      assertMohClassUsable(db, fields.mohClassId, current.teamId);
      if (fields.internalNumber !== undefined && fields.internalNumber !== current.internalNumber) {
        moveInternalNumber(
          this.#ctx,
          db,
          current.teamId,
          current.internalNumber,
          fields.internalNumber,
        );
      }
      const row = db
        .update(ringGroups)
        .set({ ...fields, failoverTargetId: next.failoverTargetId, updatedAt: this.#ctx.now() })
        .where(eq(ringGroups.id, id))
        .returning()
        .get()!;
      if (extensionIds !== undefined) this.#replaceMembers(db, row, extensionIds);
      return this.#withMembers(db, row);
    });
  }

  /** Deletes a ring group, its memberships and its number (IN-4). */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = db.select().from(ringGroups).where(eq(ringGroups.id, id)).get();
      if (current === undefined) throw new NotFoundError('ring group', id);
      db.delete(internalNumbers)
        .where(
          and(
            eq(internalNumbers.teamId, current.teamId),
            eq(internalNumbers.number, current.internalNumber),
          ),
        )
        .run();
      db.delete(ringGroups).where(eq(ringGroups.id, id)).run();
    });
  }

  /**
   * Members are extensions of the group's team (RGM-3: each at most once).
   * An extension that stays keeps its row: its priority (RGM-1), its
   * statistics (RGM-2) and its creation time; only the position moves.
   */
  #replaceMembers(db: StoreDb, group: RingGroupRow, extensionIds: number[]): void {
    assertNoDuplicates('extensionIds', extensionIds);
    for (const id of extensionIds) {
      assertInTeam(db, 'extension', id, group.teamId, 'extensionIds');
    }
    const kept = new Map(
      db
        .select()
        .from(ringGroupMembers)
        .where(eq(ringGroupMembers.ringGroupId, group.id))
        .all()
        .map((row) => [row.extensionId, row]),
    );
    const wanted = new Set(extensionIds);
    for (const row of kept.values()) {
      if (!wanted.has(row.extensionId)) {
        db.delete(ringGroupMembers).where(eq(ringGroupMembers.id, row.id)).run();
      }
    }
    const now = this.#ctx.now();
    extensionIds.forEach((extensionId, position) => {
      const row = kept.get(extensionId);
      if (row === undefined) {
        db.insert(ringGroupMembers)
          .values({ ringGroupId: group.id, extensionId, position, createdAt: now, updatedAt: now })
          .run();
      } else if (row.position !== position) {
        db.update(ringGroupMembers)
          .set({ position, updatedAt: now })
          .where(eq(ringGroupMembers.id, row.id))
          .run();
      }
    });
  }

  #withMembers(db: StoreDb, row: RingGroupRow): RingGroup {
    return { ...row, extensionIds: this.#membersOf(db, [row.id]).get(row.id) ?? [] };
  }

  #membersOf(db: StoreDb, groupIds: number[]): Map<number, number[]> {
    const rows = chunked(groupIds).flatMap((ids) =>
      db
        .select()
        .from(ringGroupMembers)
        .where(inArray(ringGroupMembers.ringGroupId, ids))
        .orderBy(asc(ringGroupMembers.position))
        .all(),
    );
    const out = new Map<number, number[]>();
    for (const row of rows) {
      const list = out.get(row.ringGroupId) ?? [];
      list.push(row.extensionId);
      out.set(row.ringGroupId, list);
    }
    return out;
  }
}
