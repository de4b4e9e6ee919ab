import { and, asc, eq, getTableColumns, inArray, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import {
  accountGroupMembers,
  accountGroupRoutes,
  accountGroups,
  outboundRoutes,
} from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import {
  assertInTeam,
  assertNoDuplicates,
  assertTrunkUsable,
  chunked,
  requireTeam,
} from './team-objects.ts';
import { requireNonBlank } from './validate.ts';
import { selectKeysetPage } from './keyset-page.ts';
import type { KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

type AccountGroupRow = typeof accountGroups.$inferSelect;

/** One member of an account group (spec §1.4 `AccountGroupMember`). */
export interface AccountGroupMember {
  accountId: number;
  isGroupAdmin: boolean;
}

/**
 * An account group with its members, in the order they were given, and
 * the outbound routes its members dial by (AG-2; empty: the team's).
 */
export type AccountGroup = AccountGroupRow & {
  members: AccountGroupMember[];
  outboundRouteIds: number[];
};

/** A member as callers give it; isGroupAdmin defaults to false. */
export type AccountGroupMemberInput = { accountId: number; isGroupAdmin?: boolean | undefined };

/** Fields of a new account group. */
export type NewAccountGroup = Omit<
  typeof accountGroups.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
> & {
  members?: AccountGroupMemberInput[] | undefined;
  outboundRouteIds?: number[] | undefined;
};

/** Changes to an account group; `members` replaces the whole list. */
export type AccountGroupUpdate = Partial<Omit<NewAccountGroup, 'teamId'>>;

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: accountGroups,
  id: accountGroups.id,
  selection: getTableColumns(accountGroups),
  scope: (teamId) => eq(accountGroups.teamId, teamId),
};

/** Account groups: accounts sharing an outbound trunk and rating (spec §1.4). */
export class AccountGroupsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewAccountGroup): AccountGroup {
    requireNonBlank('name', input.name);
    const { members, outboundRouteIds, ...fields } = input;
    return this.#ctx.write((db) => {
      requireTeam(db, fields.teamId);
      this.#assertOneTarget(fields);
      this.#assertFields(db, fields.teamId, fields, undefined);
      const now = this.#ctx.now();
      const row = db
        .insert(accountGroups)
        .values({ ...fields, createdAt: now, updatedAt: now })
        .returning()
        .get();
      this.#replaceMembers(db, row, members ?? []);
      this.#replaceRoutes(db, row, outboundRouteIds ?? []);
      return this.#withMembers(db, row);
    });
  }

  find(id: number): AccountGroup | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(accountGroups).where(eq(accountGroups.id, id)).get();
    return row && this.#withMembers(db, row);
  }

  /** The group an account belongs to, if any (AG-6: at most one). */
  findByAccount(accountId: number): AccountGroup | undefined {
    // Outbound routing asks this on every call (the caller's trunk group),
    // so the answer, a miss included, is kept in the read cache (D37).
    return this.#ctx.cached(`account-group-of:${accountId}`, () => {
      const member = this.#ctx.db
        .select({ groupId: accountGroupMembers.groupId })
        .from(accountGroupMembers)
        .where(eq(accountGroupMembers.accountId, accountId))
        .get();
      return member && this.find(member.groupId);
    });
  }

  /** Groups of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): AccountGroup[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(accountGroups)
      .where(teamId === undefined ? undefined : eq(accountGroups.teamId, teamId))
      .orderBy(asc(accountGroups.id))
      .all();
    const ids = rows.map((r) => r.id);
    const members = ids.length === 0 ? new Map<number, never[]>() : this.#membersOf(db, ids);
    const routes = ids.length === 0 ? new Map<number, never[]>() : this.#routesOf(db, ids);
    return rows.map((row) => ({
      ...row,
      members: members.get(row.id) ?? [],
      outboundRouteIds: routes.get(row.id) ?? [],
    }));
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<AccountGroup> | undefined {
    const db = this.#ctx.db;
    const page = selectKeysetPage<AccountGroupRow>(db, KEYSET_SOURCE, request);
    if (page === undefined) return undefined;
    const ids = page.items.map((row) => row.id);
    const members = ids.length === 0 ? new Map<number, never[]>() : this.#membersOf(db, ids);
    const routes = ids.length === 0 ? new Map<number, never[]>() : this.#routesOf(db, ids);
    const items = page.items.map((row) => ({
      ...row,
      members: members.get(row.id) ?? [],
      outboundRouteIds: routes.get(row.id) ?? [],
    }));
    return { items, hasMore: page.hasMore };
  }

  update(id: number, patch: AccountGroupUpdate): AccountGroup {
    if (patch.name !== undefined) requireNonBlank('name', patch.name);
    const { members, outboundRouteIds, ...fields } = patch;
    return this.#ctx.write((db) => {
      const current = db.select().from(accountGroups).where(eq(accountGroups.id, id)).get();
      if (current === undefined) throw new NotFoundError('account group', id);
      this.#assertOneTarget({ ...current, ...fields });
      this.#assertFields(db, current.teamId, fields, id);
      const row = db
        .update(accountGroups)
        .set({ ...fields, updatedAt: this.#ctx.now() })
        .where(eq(accountGroups.id, id))
        .returning()
        .get()!;
      if (members !== undefined) this.#replaceMembers(db, row, members);
      if (outboundRouteIds !== undefined) this.#replaceRoutes(db, row, outboundRouteIds);
      return this.#withMembers(db, row);
    });
  }

  /** Deletes a group; its memberships go with it, the accounts stay. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(accountGroups).where(eq(accountGroups.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('account group', id);
    });
  }

  /** §1.4 `对象`: the outbound target is a trunk or a trunk group (AG-3). */
  #assertOneTarget(group: Pick<NewAccountGroup, 'trunkId' | 'trunkGroupId'>): void {
    if (group.trunkId != null && group.trunkGroupId != null) {
      throw new ValidationError('trunkGroupId', 'give trunkId or trunkGroupId, not both');
    }
  }

  #assertFields(
    db: StoreDb,
    teamId: number,
    fields: AccountGroupUpdate,
    selfId: number | undefined,
  ): void {
    if (fields.trunkId != null) assertTrunkUsable(db, fields.trunkId, teamId);
    if (fields.trunkGroupId != null) {
      assertInTeam(db, 'trunkGroup', fields.trunkGroupId, teamId, 'trunkGroupId');
    }
    if (fields.name !== undefined) {
      const other = db
        .select({ id: accountGroups.id })
        .from(accountGroups)
        .where(
          and(
            eq(accountGroups.teamId, teamId),
            eq(accountGroups.name, fields.name),
            selfId === undefined ? undefined : ne(accountGroups.id, selfId),
          ),
        )
        .get();
      if (other !== undefined) {
        throw new ConflictError(
          'ERR_NAME_TAKEN',
          `account group ${fields.name} already exists`,
          'name',
        );
      }
    }
  }

  /**
   * Replaces the members: each account must be of the group's team (AG-1)
   * and in no other group (AG-6).
   */
  #replaceMembers(db: StoreDb, group: AccountGroupRow, members: AccountGroupMemberInput[]): void {
    const ids = members.map((m) => m.accountId);
    assertNoDuplicates('members', ids);
    for (const accountId of ids) assertInTeam(db, 'account', accountId, group.teamId, 'members');
    if (ids.length > 0) {
      const taken = db
        .select({ accountId: accountGroupMembers.accountId, groupId: accountGroupMembers.groupId })
        .from(accountGroupMembers)
        .where(
          and(
            inArray(accountGroupMembers.accountId, ids),
            ne(accountGroupMembers.groupId, group.id),
          ),
        )
        .get();
      if (taken !== undefined) {
        throw new ConflictError(
          'ERR_ACCOUNT_IN_GROUP',
          `account ${taken.accountId} is already in account group ${taken.groupId} (AG-6)`,
          'members',
        );
      }
    }
    db.delete(accountGroupMembers).where(eq(accountGroupMembers.groupId, group.id)).run();
    if (members.length === 0) return;
    db.insert(accountGroupMembers)
      .values(
        members.map((m) => ({
          groupId: group.id,
          accountId: m.accountId,
          isGroupAdmin: m.isGroupAdmin ?? false,
        })),
      )
      .run();
  }

  #withMembers(db: StoreDb, row: AccountGroupRow): AccountGroup {
    return {
      ...row,
      members: this.#membersOf(db, [row.id]).get(row.id) ?? [],
      outboundRouteIds: this.#routesOf(db, [row.id]).get(row.id) ?? [],
    };
  }

  /**
   * AG-2: replaces the group's outbound routes, which must be the team's.
   * A route may be in several groups' sets; in any, it is no longer one of
   * the team's own (OR-1).
   */
  #replaceRoutes(db: StoreDb, group: AccountGroupRow, routeIds: number[]): void {
    assertNoDuplicates('outboundRouteIds', routeIds);
    for (const routeId of routeIds) {
      const route = db
        .select({ teamId: outboundRoutes.teamId })
        .from(outboundRoutes)
        .where(eq(outboundRoutes.id, routeId))
        .get();
      if (route?.teamId !== group.teamId) {
        throw new ValidationError('outboundRouteIds', `no outbound route ${routeId} in this team`);
      }
    }
    db.delete(accountGroupRoutes).where(eq(accountGroupRoutes.groupId, group.id)).run();
    if (routeIds.length === 0) return;
    db.insert(accountGroupRoutes)
      .values(routeIds.map((outboundRouteId) => ({ groupId: group.id, outboundRouteId })))
      .run();
  }

  #routesOf(db: StoreDb, groupIds: number[]): Map<number, number[]> {
    const rows = chunked(groupIds).flatMap((ids) =>
      db
        .select()
        .from(accountGroupRoutes)
        .where(inArray(accountGroupRoutes.groupId, ids))
        .orderBy(asc(accountGroupRoutes.id))
        .all(),
    );
    const out = new Map<number, number[]>();
    for (const row of rows) {
      const list = out.get(row.groupId) ?? [];
      list.push(row.outboundRouteId);
      out.set(row.groupId, list);
    }
    return out;
  }

  #membersOf(db: StoreDb, groupIds: number[]): Map<number, AccountGroupMember[]> {
    const rows = chunked(groupIds).flatMap((ids) =>
      db
        .select()
        .from(accountGroupMembers)
        .where(inArray(accountGroupMembers.groupId, ids))
        .orderBy(asc(accountGroupMembers.id))
        .all(),
    );
    const out = new Map<number, AccountGroupMember[]>();
    for (const row of rows) {
      const list = out.get(row.groupId) ?? [];
      list.push({ accountId: row.accountId, isGroupAdmin: row.isGroupAdmin });
      out.set(row.groupId, list);
    }
    return out;
  }
}
