import { and, asc, eq, or, sql } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { callerIdRestrictions } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertInTeam, assertTrunkUsable, requireTeam } from './team-objects.ts';
import { requireMatch } from './validate.ts';

/** An outbound caller-ID restriction as stored (spec 02 §3.10). */
export type CallerIdRestriction = typeof callerIdRestrictions.$inferSelect;

/** Fields of a new restriction. */
export type NewCallerIdRestriction = Omit<
  typeof callerIdRestrictions.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Changes to a restriction; its team is fixed. */
export type CallerIdRestrictionUpdate = Partial<Omit<NewCallerIdRestriction, 'teamId'>>;

/** The trunk an outbound call is about to use, and the group it came from. */
export interface OutboundTrunkUse {
  teamId: number;
  trunkId: number;
  /** Set when the trunk is tried as a member of this trunk group (OCR-2). */
  trunkGroupId?: number | undefined;
}

/** A calling number as restricted: digits, optionally a leading `+`. */
export const RESTRICTED_NUMBER_PATTERN = /^\+?[0-9]{1,32}$/;

/**
 * rulesFor() runs once per outbound call: prepared once, it skips
 * drizzle's query building and SQLite's statement compile on every call.
 */
function prepareRulesFor(db: StoreDb) {
  return db
    .select()
    .from(callerIdRestrictions)
    .where(
      and(
        eq(callerIdRestrictions.teamId, sql.placeholder('teamId')),
        eq(callerIdRestrictions.status, 'enabled'),
        or(
          eq(callerIdRestrictions.trunkId, sql.placeholder('trunkId')),
          eq(callerIdRestrictions.trunkGroupId, sql.placeholder('trunkGroupId')),
        ),
      ),
    )
    .orderBy(asc(callerIdRestrictions.id))
    .prepare();
}

/**
 * Outbound caller-ID black- and whitelists (spec 02 §3.10). Each entry
 * names its team, one trunk or one trunk group (as `trunkType` says), and
 * a calling number. The trunk must be usable by the team (its own or a
 * system trunk, TRK-1); the group must be the team's.
 */
export class CallerIdRestrictionsRepository {
  readonly #ctx: StoreContext;
  #rulesStatement: ReturnType<typeof prepareRulesFor> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewCallerIdRestriction): CallerIdRestriction {
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      this.#validate(db, input.teamId, { trunkType: 'trunk', ...input });
      const now = this.#ctx.now();
      return db
        .insert(callerIdRestrictions)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): CallerIdRestriction | undefined {
    return this.#ctx.db
      .select()
      .from(callerIdRestrictions)
      .where(eq(callerIdRestrictions.id, id))
      .get();
  }

  /** Restrictions of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): CallerIdRestriction[] {
    return this.#ctx.db
      .select()
      .from(callerIdRestrictions)
      .where(teamId === undefined ? undefined : eq(callerIdRestrictions.teamId, teamId))
      .orderBy(asc(callerIdRestrictions.id))
      .all();
  }

  /**
   * Changes a restriction. Switching `trunkType` needs the matching id in
   * the same patch; the id of the other kind is cleared.
   */
  update(id: number, patch: CallerIdRestrictionUpdate): CallerIdRestriction {
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('caller-ID restriction', id);
      const next = { ...current, ...patch };
      if (patch.trunkType === 'trunk' && patch.trunkGroupId === undefined) next.trunkGroupId = null;
      if (patch.trunkType === 'trunkGroup' && patch.trunkId === undefined) next.trunkId = null;
      this.#validate(db, current.teamId, next);
      const { id: _id, teamId: _team, createdAt: _created, ...fields } = next;
      return db
        .update(callerIdRestrictions)
        .set({ ...fields, updatedAt: this.#ctx.now() })
        .where(eq(callerIdRestrictions.id, id))
        .returning()
        .get()!;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(callerIdRestrictions).where(eq(callerIdRestrictions.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('caller-ID restriction', id);
    });
  }

  /**
   * The enabled entries that govern one use of a trunk (OCR-1): those of
   * the calling team on the trunk itself and, when it is tried as a group
   * member, on the group. pbx/routing's isOutboundCallerAllowed() decides.
   */
  rulesFor(use: OutboundTrunkUse): CallerIdRestriction[] {
    const group = use.trunkGroupId ?? null;
    const key = `caller-id-rules:${use.teamId}:${use.trunkId}:${group}`;
    return (
      this.#ctx.cached(key, () => {
        this.#rulesStatement ??= prepareRulesFor(this.#ctx.db);
        // A null group matches no row (NULL = NULL is not true in SQL),
        // which keeps one prepared statement for both kinds of use.
        return this.#rulesStatement.all({
          teamId: use.teamId,
          trunkId: use.trunkId,
          trunkGroupId: group,
        });
      }) ?? []
    );
  }

  #validate(
    db: StoreDb,
    teamId: number,
    entry: Pick<NewCallerIdRestriction, 'trunkType' | 'trunkId' | 'trunkGroupId'> & {
      number?: string | undefined;
    },
  ): void {
    if (entry.number !== undefined) {
      requireMatch('number', entry.number, RESTRICTED_NUMBER_PATTERN, 'digits, optional leading +');
    }
    if (entry.trunkType === 'trunkGroup') {
      if (entry.trunkGroupId == null) {
        throw new ValidationError('trunkGroupId', 'trunkType trunkGroup needs trunkGroupId');
      }
      if (entry.trunkId != null) {
        throw new ValidationError('trunkId', 'trunkType trunkGroup takes no trunkId');
      }
      assertInTeam(db, 'trunkGroup', entry.trunkGroupId, teamId, 'trunkGroupId');
      return;
    }
    if (entry.trunkId == null)
      throw new ValidationError('trunkId', 'trunkType trunk needs trunkId');
    if (entry.trunkGroupId != null) {
      throw new ValidationError('trunkGroupId', 'trunkType trunk takes no trunkGroupId');
    }
    assertTrunkUsable(db, entry.trunkId, teamId);
  }
}
