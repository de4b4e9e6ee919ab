import { and, asc, eq, getTableColumns, inArray, notInArray } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { trunkGroupMembers, trunkGroupRules, trunkGroups } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { validateRule } from './trunk-rules-repository.ts';

type TrunkGroupRuleRow = typeof trunkGroupRules.$inferSelect;

/** A rule of a trunk group for one member trunk (spec 02 §3.4), with the group's team. */
export type TrunkGroupRule = TrunkGroupRuleRow & { teamId: number };

/** Fields of a new trunk-group rule. */
export type NewTrunkGroupRule = Omit<
  typeof trunkGroupRules.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Changes to a trunk-group rule; its group and trunk are fixed. */
export type TrunkGroupRuleUpdate = Partial<Omit<NewTrunkGroupRule, 'trunkGroupId' | 'trunkId'>>;

const SELECTION = { ...getTableColumns(trunkGroupRules), teamId: trunkGroups.teamId };

/**
 * Trunk-group rules (spec 02 §3.4 `编辑中继组规则`, TG-4, TG-5): what a
 * member trunk may carry, and how it rewrites the number, when a call
 * hunts through the group. The trunk must be a member (§3.4 "must be a
 * member of the group"); rules go with their group, their trunk, and when
 * the trunk leaves the group (removeForLeavers).
 */
export class TrunkGroupRulesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewTrunkGroupRule): TrunkGroupRule {
    validateRule(input);
    return this.#ctx.write((db) => {
      const group = db
        .select({ id: trunkGroups.id })
        .from(trunkGroups)
        .where(eq(trunkGroups.id, input.trunkGroupId))
        .get();
      if (group === undefined) throw new NotFoundError('trunk group', input.trunkGroupId);
      const member = db
        .select({ id: trunkGroupMembers.id })
        .from(trunkGroupMembers)
        .where(
          and(
            eq(trunkGroupMembers.trunkGroupId, input.trunkGroupId),
            eq(trunkGroupMembers.trunkId, input.trunkId),
          ),
        )
        .get();
      if (member === undefined) {
        throw new ValidationError(
          'trunkId',
          `trunk ${input.trunkId} is not a member of trunk group ${input.trunkGroupId}`,
        );
      }
      this.#assertNoClash(db, input);
      const now = this.#ctx.now();
      const row = db
        .insert(trunkGroupRules)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
      return this.#get(db, row.id);
    });
  }

  find(id: number): TrunkGroupRule | undefined {
    return this.#select(this.#ctx.db).where(eq(trunkGroupRules.id, id)).get();
  }

  /** Rules of a team's groups, or of every group when `teamId` is undefined; by group, trunk, id. */
  list(teamId?: number): TrunkGroupRule[] {
    return this.#select(this.#ctx.db)
      .where(teamId === undefined ? undefined : eq(trunkGroups.teamId, teamId))
      .orderBy(
        asc(trunkGroupRules.trunkGroupId),
        asc(trunkGroupRules.trunkId),
        asc(trunkGroupRules.id),
      )
      .all();
  }

  /**
   * The enabled rules of one member trunk of a group (TG-4 ignores
   * `禁用本规则`): read for each candidate of each call through the group,
   * so kept in the read cache.
   */
  enabledFor(trunkGroupId: number, trunkId: number): readonly TrunkGroupRuleRow[] {
    return (
      this.#ctx.cached(`trunk-group-rules:${trunkGroupId}:${trunkId}`, () =>
        this.#ctx.db
          .select()
          .from(trunkGroupRules)
          .where(
            and(
              eq(trunkGroupRules.trunkGroupId, trunkGroupId),
              eq(trunkGroupRules.trunkId, trunkId),
              eq(trunkGroupRules.enabled, true),
            ),
          )
          .orderBy(asc(trunkGroupRules.id))
          .all(),
      ) ?? []
    );
  }

  update(id: number, patch: TrunkGroupRuleUpdate): TrunkGroupRule {
    validateRule(patch);
    return this.#ctx.write((db) => {
      const current = db.select().from(trunkGroupRules).where(eq(trunkGroupRules.id, id)).get();
      if (current === undefined) throw new NotFoundError('trunk group rule', id);
      this.#assertNoClash(db, { ...current, ...patch }, id);
      db.update(trunkGroupRules)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(trunkGroupRules.id, id))
        .run();
      return this.#get(db, id);
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(trunkGroupRules).where(eq(trunkGroupRules.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('trunk group rule', id);
    });
  }

  /** Inside a group's member change: drops the rules of trunks no longer in it. */
  static removeForLeavers(db: StoreDb, trunkGroupId: number, trunkIds: readonly number[]): void {
    db.delete(trunkGroupRules)
      .where(
        and(
          eq(trunkGroupRules.trunkGroupId, trunkGroupId),
          trunkIds.length === 0 ? undefined : notInArray(trunkGroupRules.trunkId, [...trunkIds]),
        ),
      )
      .run();
  }

  /** Rules of some groups (team export), by group, trunk, id. */
  listForGroups(trunkGroupIds: readonly number[]): TrunkGroupRule[] {
    if (trunkGroupIds.length === 0) return [];
    return this.#select(this.#ctx.db)
      .where(inArray(trunkGroupRules.trunkGroupId, [...trunkGroupIds]))
      .orderBy(
        asc(trunkGroupRules.trunkGroupId),
        asc(trunkGroupRules.trunkId),
        asc(trunkGroupRules.id),
      )
      .all();
  }

  /** One rule per group, trunk, prefix and length (as trunk rules, D39). */
  #assertNoClash(
    db: StoreDb,
    values: Pick<NewTrunkGroupRule, 'trunkGroupId' | 'trunkId' | 'numberPrefix' | 'numberLength'>,
    selfId?: number,
  ): void {
    const clash = db
      .select({ id: trunkGroupRules.id })
      .from(trunkGroupRules)
      .where(
        and(
          eq(trunkGroupRules.trunkGroupId, values.trunkGroupId),
          eq(trunkGroupRules.trunkId, values.trunkId),
          eq(trunkGroupRules.numberPrefix, values.numberPrefix ?? 'default'),
          eq(trunkGroupRules.numberLength, values.numberLength ?? 0),
        ),
      )
      .get();
    if (clash !== undefined && clash.id !== selfId) {
      throw new ConflictError(
        'ERR_DUPLICATE',
        `trunk group ${values.trunkGroupId} already has rule ${clash.id} for trunk ${values.trunkId}, this prefix and length`,
        'numberPrefix',
      );
    }
  }

  #select(db: StoreDb) {
    return db
      .select(SELECTION)
      .from(trunkGroupRules)
      .innerJoin(trunkGroups, eq(trunkGroups.id, trunkGroupRules.trunkGroupId));
  }

  #get(db: StoreDb, id: number): TrunkGroupRule {
    const rule = this.#select(db).where(eq(trunkGroupRules.id, id)).get();
    if (rule === undefined) throw new NotFoundError('trunk group rule', id);
    return rule;
  }
}
