import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { ringGroupMembers, ringGroups } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertInTeam } from './team-objects.ts';

type MemberRow = typeof ringGroupMembers.$inferSelect;

/**
 * One extension's membership of a ring group (spec 01 §2.4
 * RingGroupMember): its priority and its statistics, with the group's team.
 * `position` is its place in the group's `extensionIds`.
 */
export type RingGroupMember = MemberRow & { teamId: number };

/** A new membership; it goes to the end of the group's list. */
export interface NewRingGroupMember {
  ringGroupId: number;
  extensionId: number;
  priority?: number | undefined;
}

const SELECTION = { ...getTableColumns(ringGroupMembers), teamId: ringGroups.teamId };

function requirePriority(priority: number | undefined): void {
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= 0 && priority <= 9)) {
    throw new ValidationError('priority', 'priority is a whole number from 0 to 9 (RGM-1)');
  }
}

/**
 * Ring-group memberships as their own objects (spec 01 §2.4). The same
 * rows are a ring group's `extensionIds`, so a membership made here shows
 * there and the other way round; each change touches the group's
 * updatedAt, so its ETag moves too.
 */
export class RingGroupMembersRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  find(id: number): RingGroupMember | undefined {
    return this.#select(this.#ctx.db, eq(ringGroupMembers.id, id)).get();
  }

  /** The membership of `extensionId` in `ringGroupId`, if any. */
  findIn(ringGroupId: number, extensionId: number): RingGroupMember | undefined {
    return this.#select(
      this.#ctx.db,
      and(
        eq(ringGroupMembers.ringGroupId, ringGroupId),
        eq(ringGroupMembers.extensionId, extensionId),
      ),
    ).get();
  }

  /** Memberships of a team's ring groups, or of every team's. */
  list(teamId?: number): RingGroupMember[] {
    return this.#select(
      this.#ctx.db,
      teamId === undefined ? undefined : eq(ringGroups.teamId, teamId),
    ).all();
  }

  /**
   * RGM-1: the group's extensions in ring order, larger priority first,
   * equal priorities in the group's list order.
   */
  ringOrder(ringGroupId: number): number[] {
    return this.#ctx.db
      .select({ extensionId: ringGroupMembers.extensionId })
      .from(ringGroupMembers)
      .where(eq(ringGroupMembers.ringGroupId, ringGroupId))
      .orderBy(desc(ringGroupMembers.priority), asc(ringGroupMembers.position))
      .all()
      .map((row) => row.extensionId);
  }

  /** Adds an extension of the group's team at the end of the list (RGM-3: once). */
  create(input: NewRingGroupMember): RingGroupMember {
    requirePriority(input.priority);
    return this.#ctx.write((db) => {
      const group = db.select().from(ringGroups).where(eq(ringGroups.id, input.ringGroupId)).get();
      if (group === undefined) {
        throw new ValidationError('ringGroupId', `no ring group ${input.ringGroupId}`);
      }
      assertInTeam(db, 'extension', input.extensionId, group.teamId, 'extensionId');
      const taken = db
        .select({ id: ringGroupMembers.id })
        .from(ringGroupMembers)
        .where(
          and(
            eq(ringGroupMembers.ringGroupId, group.id),
            eq(ringGroupMembers.extensionId, input.extensionId),
          ),
        )
        .get();
      if (taken !== undefined) {
        throw new ConflictError(
          'ERR_DUPLICATE',
          `extension ${input.extensionId} is already a member of ring group ${group.id} (RGM-3)`,
          'extensionId',
        );
      }
      const last = db
        .select({ position: sql<number>`coalesce(max(${ringGroupMembers.position}), -1)` })
        .from(ringGroupMembers)
        .where(eq(ringGroupMembers.ringGroupId, group.id))
        .get();
      const now = this.#ctx.now();
      const row = db
        .insert(ringGroupMembers)
        .values({
          ringGroupId: group.id,
          extensionId: input.extensionId,
          position: (last?.position ?? -1) + 1,
          priority: input.priority ?? 0,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      this.#touchGroup(db, group.id);
      return { ...row, teamId: group.teamId };
    });
  }

  /** Only the priority is a member's own; the rest is the group's list. */
  update(id: number, patch: { priority?: number | undefined }): RingGroupMember {
    requirePriority(patch.priority);
    return this.#ctx.write((db) => {
      const current = this.#select(db, eq(ringGroupMembers.id, id)).get();
      if (current === undefined) throw new NotFoundError('ring group member', id);
      if (patch.priority === undefined) return current;
      db.update(ringGroupMembers)
        .set({ priority: patch.priority, updatedAt: this.#ctx.now() })
        .where(eq(ringGroupMembers.id, id))
        .run();
      this.#touchGroup(db, current.ringGroupId);
      return this.#select(db, eq(ringGroupMembers.id, id)).get()!;
    });
  }

  /** Takes the extension out of the group. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = this.#select(db, eq(ringGroupMembers.id, id)).get();
      if (current === undefined) throw new NotFoundError('ring group member', id);
      db.delete(ringGroupMembers).where(eq(ringGroupMembers.id, id)).run();
      this.#touchGroup(db, current.ringGroupId);
    });
  }

  /** RGM-2: the group rang the member. A counter: no config cache moves. */
  countRing(ringGroupId: number, extensionId: number): void {
    this.#count(ringGroupId, extensionId, { ringCount: sql`${ringGroupMembers.ringCount} + 1` });
  }

  /** RGM-2: the member answered a call of the group. */
  countAnswer(ringGroupId: number, extensionId: number): void {
    this.#count(ringGroupId, extensionId, {
      answerCount: sql`${ringGroupMembers.answerCount} + 1`,
    });
  }

  #count(ringGroupId: number, extensionId: number, set: Partial<Record<string, unknown>>): void {
    this.#ctx.writeCounters([], (db) =>
      db
        .update(ringGroupMembers)
        .set(set)
        .where(
          and(
            eq(ringGroupMembers.ringGroupId, ringGroupId),
            eq(ringGroupMembers.extensionId, extensionId),
          ),
        )
        .run(),
    );
  }

  #touchGroup(db: StoreDb, ringGroupId: number): void {
    db.update(ringGroups)
      .set({ updatedAt: this.#ctx.now() })
      .where(eq(ringGroups.id, ringGroupId))
      .run();
  }

  #select(db: StoreDb, where: SQL | undefined) {
    return db
      .select(SELECTION)
      .from(ringGroupMembers)
      .innerJoin(ringGroups, eq(ringGroups.id, ringGroupMembers.ringGroupId))
      .where(where)
      .orderBy(asc(ringGroupMembers.id));
  }
}
