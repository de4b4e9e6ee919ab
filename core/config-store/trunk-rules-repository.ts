import { and, asc, eq, getTableColumns, inArray, isNull, or } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import { trunkRules, trunks } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireIntInRange, requireMatch } from './validate.ts';

type TrunkRuleRow = typeof trunkRules.$inferSelect;

/**
 * A rule of a trunk (spec 01 §2.1 `TrunkRule`), with its trunk's team so
 * that the admin API can scope it: null for rules of system trunks.
 */
export type TrunkRule = TrunkRuleRow & { teamId: number | null };

/** Fields of a new trunk rule. */
export type NewTrunkRule = Omit<typeof trunkRules.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes to a trunk rule; the trunk is fixed. */
export type TrunkRuleUpdate = Partial<Omit<NewTrunkRule, 'trunkId'>>;

/** `default` (TRK-6) or dial digits. */
export const TRUNK_RULE_PREFIX_PATTERN = /^(default|[0-9*#+]{1,32})$/;
const DIAL_DIGITS = /^[0-9*#+]{0,32}$/;

/** The field checks shared with trunk-group rules (TG-4). */
export function validateRule(input: TrunkRuleUpdate): void {
  if (input.numberPrefix !== undefined) {
    requireMatch(
      'numberPrefix',
      input.numberPrefix,
      TRUNK_RULE_PREFIX_PATTERN,
      '`default` or digits',
    );
  }
  if (input.numberLength !== undefined) {
    requireIntInRange('numberLength', input.numberLength, 0, 32);
  }
  if (input.stripPrefix !== undefined) {
    requireMatch('stripPrefix', input.stripPrefix, DIAL_DIGITS, 'dial digits');
  }
  if (input.addPrefix !== undefined) {
    requireMatch('addPrefix', input.addPrefix, DIAL_DIGITS, 'dial digits');
  }
}

const SELECTION = { ...getTableColumns(trunkRules), teamId: trunks.teamId };

/**
 * Trunk rules (TRK-6, TG-4, TG-5): which numbers a trunk may carry and how
 * it rewrites them. Rules go with their trunk (ON DELETE CASCADE).
 */
export class TrunkRulesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewTrunkRule): TrunkRule {
    validateRule(input);
    return this.#ctx.write((db) => {
      const trunk = db
        .select({ id: trunks.id })
        .from(trunks)
        .where(eq(trunks.id, input.trunkId))
        .get();
      if (trunk === undefined) throw new NotFoundError('trunk', input.trunkId);
      const now = this.#ctx.now();
      const row = this.#insert(db, { ...input, createdAt: now, updatedAt: now });
      return this.#get(db, row.id);
    });
  }

  find(id: number): TrunkRule | undefined {
    return this.#select(this.#ctx.db).where(eq(trunkRules.id, id)).get();
  }

  /**
   * Rules of the trunks of a team and of the system trunks, or of every
   * trunk when `teamId` is undefined; by trunk, then id.
   */
  list(teamId?: number): TrunkRule[] {
    return this.#select(this.#ctx.db)
      .where(
        teamId === undefined ? undefined : or(eq(trunks.teamId, teamId), isNull(trunks.teamId)),
      )
      .orderBy(asc(trunkRules.trunkId), asc(trunkRules.id))
      .all();
  }

  /** Rules of some trunks, by trunk, then id (team export). */
  listForTrunks(trunkIds: readonly number[]): TrunkRule[] {
    if (trunkIds.length === 0) return [];
    return this.#select(this.#ctx.db)
      .where(inArray(trunkRules.trunkId, [...trunkIds]))
      .orderBy(asc(trunkRules.trunkId), asc(trunkRules.id))
      .all();
  }

  /**
   * The enabled rules of a trunk (TG-4 ignores `禁用本规则`): read for every
   * candidate trunk of every outbound call, so kept in the read cache.
   */
  enabledFor(trunkId: number): readonly TrunkRuleRow[] {
    return (
      this.#ctx.cached(`trunk-rules:${trunkId}`, () =>
        this.#ctx.db
          .select()
          .from(trunkRules)
          .where(and(eq(trunkRules.trunkId, trunkId), eq(trunkRules.enabled, true)))
          .orderBy(asc(trunkRules.id))
          .all(),
      ) ?? []
    );
  }

  update(id: number, patch: TrunkRuleUpdate): TrunkRule {
    validateRule(patch);
    return this.#ctx.write((db) => {
      const result = db
        .update(trunkRules)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(trunkRules.id, id))
        .run();
      if (result.changes === 0) throw new NotFoundError('trunk rule', id);
      return this.#get(db, id);
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(trunkRules).where(eq(trunkRules.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('trunk rule', id);
    });
  }

  #insert(db: StoreDb, values: typeof trunkRules.$inferInsert): TrunkRuleRow {
    const clash = db
      .select({ id: trunkRules.id })
      .from(trunkRules)
      .where(
        and(
          eq(trunkRules.trunkId, values.trunkId),
          eq(trunkRules.numberPrefix, values.numberPrefix ?? 'default'),
          eq(trunkRules.numberLength, values.numberLength ?? 0),
        ),
      )
      .get();
    if (clash !== undefined) {
      throw new ConflictError(
        'ERR_DUPLICATE',
        `trunk ${values.trunkId} already has rule ${clash.id} for this prefix and length`,
        'numberPrefix',
      );
    }
    return db.insert(trunkRules).values(values).returning().get();
  }

  #select(db: StoreDb) {
    return db
      .select(SELECTION)
      .from(trunkRules)
      .innerJoin(trunks, eq(trunks.id, trunkRules.trunkId));
  }

  #get(db: StoreDb, id: number): TrunkRule {
    const rule = this.#select(db).where(eq(trunkRules.id, id)).get();
    if (rule === undefined) throw new NotFoundError('trunk rule', id);
    return rule;
  }
}
