import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import { blfGroupMembers, blfGroups, blfSubscribers, extensions } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertInTeam, assertNoDuplicates, chunked, requireTeam } from './team-objects.ts';
import { requireNonBlank } from './validate.ts';

type BlfGroupRow = typeof blfGroups.$inferSelect;

/**
 * A BLF target group (spec 02 §3.20): `extensionIds` may be watched by the
 * phones of `subscriberIds`, the extensions whose `BLF目标组` it is.
 */
export type BlfGroup = BlfGroupRow & { extensionIds: number[]; subscriberIds: number[] };

/** Fields of a new BLF group. */
export type NewBlfGroup = Omit<typeof blfGroups.$inferInsert, 'id' | 'createdAt' | 'updatedAt'> & {
  extensionIds?: number[] | undefined;
  subscriberIds?: number[] | undefined;
};

/** Changes to a BLF group; a given id list replaces the old one. */
export type BlfGroupUpdate = Partial<Omit<NewBlfGroup, 'teamId'>>;

/**
 * BLF target groups. Members and subscribers are extensions of the
 * group's team; an extension subscribes to one group at most.
 */
export class BlfGroupsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewBlfGroup): BlfGroup {
    requireNonBlank('name', input.name);
    const { extensionIds, subscriberIds, ...fields } = input;
    return this.#ctx.write((db) => {
      requireTeam(db, fields.teamId);
      this.#assertNameFree(db, fields.teamId, fields.name, undefined);
      const now = this.#ctx.now();
      const row = db
        .insert(blfGroups)
        .values({ ...fields, createdAt: now, updatedAt: now })
        .returning()
        .get();
      this.#replaceMembers(db, row, extensionIds ?? []);
      this.#replaceSubscribers(db, row, subscriberIds ?? []);
      return this.#withLists(db, [row])[0]!;
    });
  }

  find(id: number): BlfGroup | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(blfGroups).where(eq(blfGroups.id, id)).get();
    return row && this.#withLists(db, [row])[0];
  }

  /** Groups of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): BlfGroup[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(blfGroups)
      .where(teamId === undefined ? undefined : eq(blfGroups.teamId, teamId))
      .orderBy(asc(blfGroups.id))
      .all();
    return this.#withLists(db, rows);
  }

  update(id: number, patch: BlfGroupUpdate): BlfGroup {
    if (patch.name !== undefined) requireNonBlank('name', patch.name);
    const { extensionIds, subscriberIds, ...fields } = patch;
    return this.#ctx.write((db) => {
      const current = db.select().from(blfGroups).where(eq(blfGroups.id, id)).get();
      if (current === undefined) throw new NotFoundError('BLF group', id);
      if (fields.name !== undefined) this.#assertNameFree(db, current.teamId, fields.name, id);
      const row = db
        .update(blfGroups)
        .set({ ...fields, updatedAt: this.#ctx.now() })
        .where(eq(blfGroups.id, id))
        .returning()
        .get()!;
      if (extensionIds !== undefined) this.#replaceMembers(db, row, extensionIds);
      if (subscriberIds !== undefined) this.#replaceSubscribers(db, row, subscriberIds);
      return this.#withLists(db, [row])[0]!;
    });
  }

  /** Deletes a group; its subscribers fall back to their team (BLF-2). */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(blfGroups).where(eq(blfGroups.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('BLF group', id);
    });
  }

  /**
   * BLF-2: whether the phone of `subscriberId` may watch `targetId`. With a
   * target group, only its members; without one, any extension of the same
   * team. The registrar's SUBSCRIBE handling (RFC 6665 §4.2.1) asks this.
   */
  maySubscribe(subscriberId: number, targetId: number): boolean {
    const db = this.#ctx.db;
    const teamOf = (id: number) =>
      db.select({ teamId: extensions.teamId }).from(extensions).where(eq(extensions.id, id)).get();
    const subscriber = teamOf(subscriberId);
    const target = teamOf(targetId);
    if (subscriber === undefined || target === undefined) return false;
    if (subscriber.teamId !== target.teamId) return false;
    const subscription = db
      .select({ groupId: blfSubscribers.blfGroupId })
      .from(blfSubscribers)
      .where(eq(blfSubscribers.extensionId, subscriberId))
      .get();
    if (subscription === undefined) return true;
    const member = db
      .select({ id: blfGroupMembers.id })
      .from(blfGroupMembers)
      .where(
        and(
          eq(blfGroupMembers.blfGroupId, subscription.groupId),
          eq(blfGroupMembers.extensionId, targetId),
        ),
      )
      .get();
    return member !== undefined;
  }

  #assertNameFree(db: StoreDb, teamId: number, name: string, selfId: number | undefined): void {
    const other = db
      .select({ id: blfGroups.id })
      .from(blfGroups)
      .where(
        and(
          eq(blfGroups.teamId, teamId),
          eq(blfGroups.name, name),
          selfId === undefined ? undefined : ne(blfGroups.id, selfId),
        ),
      )
      .get();
    if (other !== undefined) {
      throw new ConflictError('ERR_NAME_TAKEN', `BLF group ${name} already exists`, 'name');
    }
  }

  #replaceMembers(db: StoreDb, group: BlfGroupRow, ids: number[]): void {
    assertNoDuplicates('extensionIds', ids);
    for (const id of ids) assertInTeam(db, 'extension', id, group.teamId, 'extensionIds');
    db.delete(blfGroupMembers).where(eq(blfGroupMembers.blfGroupId, group.id)).run();
    if (ids.length === 0) return;
    db.insert(blfGroupMembers)
      .values(ids.map((extensionId) => ({ blfGroupId: group.id, extensionId })))
      .run();
  }

  #replaceSubscribers(db: StoreDb, group: BlfGroupRow, ids: number[]): void {
    assertNoDuplicates('subscriberIds', ids);
    for (const id of ids) {
      assertInTeam(db, 'extension', id, group.teamId, 'subscriberIds');
      const taken = db
        .select({ groupId: blfSubscribers.blfGroupId })
        .from(blfSubscribers)
        .where(eq(blfSubscribers.extensionId, id))
        .get();
      if (taken !== undefined && taken.groupId !== group.id) {
        throw new ConflictError(
          'ERR_BLF_SUBSCRIBER_TAKEN',
          `extension ${id} already watches BLF group ${taken.groupId}; remove it there first`,
          'subscriberIds',
        );
      }
    }
    db.delete(blfSubscribers).where(eq(blfSubscribers.blfGroupId, group.id)).run();
    if (ids.length === 0) return;
    db.insert(blfSubscribers)
      .values(ids.map((extensionId) => ({ blfGroupId: group.id, extensionId })))
      .run();
  }

  #withLists(db: StoreDb, rows: BlfGroupRow[]): BlfGroup[] {
    const members = new Map<number, number[]>();
    const subscribers = new Map<number, number[]>();
    const push = (map: Map<number, number[]>, key: number, value: number) =>
      map.set(key, [...(map.get(key) ?? []), value]);
    for (const ids of chunked(rows.map((r) => r.id))) {
      for (const m of db
        .select()
        .from(blfGroupMembers)
        .where(inArray(blfGroupMembers.blfGroupId, ids))
        .orderBy(asc(blfGroupMembers.id))
        .all()) {
        push(members, m.blfGroupId, m.extensionId);
      }
      for (const s of db
        .select()
        .from(blfSubscribers)
        .where(inArray(blfSubscribers.blfGroupId, ids))
        .orderBy(asc(blfSubscribers.extensionId))
        .all()) {
        push(subscribers, s.blfGroupId, s.extensionId);
      }
    }
    return rows.map((row) => ({
      ...row,
      extensionIds: members.get(row.id) ?? [],
      subscriberIds: subscribers.get(row.id) ?? [],
    }));
  }
}
