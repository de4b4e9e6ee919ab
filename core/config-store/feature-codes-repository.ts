import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import {
  DEFAULT_FEATURE_CODES,
  FEATURE_CODE_NAMES,
  FEATURE_CODE_PATTERN,
} from './feature-codes-defaults.ts';
import type { FeatureCodeKind, FeatureCodeName } from './feature-codes-defaults.ts';
import { featureCodes, internalNumbers } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireTeam } from './team-objects.ts';

/** A stored override of a default feature code. */
export type FeatureCodeRow = typeof featureCodes.$inferSelect;

/** Where an effective code comes from: the built-in table, the system set or the team. */
export type FeatureCodeSource = 'default' | 'system' | 'team';

/** One feature code as a team (or the system default set) has it now. */
export interface EffectiveFeatureCode {
  name: FeatureCodeName;
  kind: FeatureCodeKind;
  code: string;
  note: string | null;
  enabled: boolean;
  source: FeatureCodeSource;
  /** Whether the scope asked for has its own row (the default is shadowed). */
  isOverridden: boolean;
  /** Of the overriding row; null for a built-in default. */
  updatedAt: Date | null;
}

/** The fields an override sets; unset ones keep the inherited value. */
export interface FeatureCodeOverride {
  readonly code?: string | undefined;
  readonly note?: string | null | undefined;
  readonly enabled?: boolean | undefined;
}

const KINDS: ReadonlyMap<string, FeatureCodeKind> = new Map(
  DEFAULT_FEATURE_CODES.map((d) => [d.name, d.kind]),
);

/** Whether `name` is one of the §15.9 functions. */
export function isFeatureCodeName(name: string): name is FeatureCodeName {
  return (FEATURE_CODE_NAMES as readonly string[]).includes(name);
}

/**
 * The default set with the system rows and then the team's rows laid over
 * it (R15.9-2). `teamId` null asks for the system default set itself.
 */
export function mergeFeatureCodes(
  rows: readonly FeatureCodeRow[],
  teamId: number | null,
): EffectiveFeatureCode[] {
  const system = new Map(rows.filter((r) => r.teamId === null).map((r) => [r.name, r]));
  const team = new Map(
    rows.filter((r) => teamId !== null && r.teamId === teamId).map((r) => [r.name, r]),
  );
  return DEFAULT_FEATURE_CODES.map((d) => {
    // In-call hotkeys have no team distinction (R15.9-2).
    const own = d.kind === 'hotkey' ? undefined : team.get(d.name);
    const row = own ?? system.get(d.name);
    const source: FeatureCodeSource =
      row === undefined ? 'default' : row.teamId === null ? 'system' : 'team';
    return {
      name: d.name,
      kind: d.kind,
      code: row?.code ?? d.code,
      note: row === undefined ? d.note : row.note,
      enabled: row?.enabled ?? true,
      source,
      isOverridden: teamId === null ? source === 'system' : source === 'team',
      updatedAt: row?.updatedAt ?? null,
    };
  });
}

/** A team's rows and the system rows, with the team id as a placeholder. */
function prepareTeamRows(db: StoreDb) {
  return db
    .select()
    .from(featureCodes)
    .where(or(isNull(featureCodes.teamId), eq(featureCodes.teamId, sql.placeholder('teamId'))))
    .orderBy(asc(featureCodes.id))
    .prepare();
}

/**
 * Feature codes (spec 04 §15.9): the built-in defaults, the system set's
 * overrides and each team's overrides. Reads answer the merged set.
 */
export class FeatureCodesRepository {
  readonly #ctx: StoreContext;
  #teamStatement: ReturnType<typeof prepareTeamRows> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * The codes in force for `teamId`, or the system default set for null.
   * Routing reads this for every dialled number that is no internal
   * number, so a team's rows come from a statement prepared once.
   */
  effective(teamId: number | null): EffectiveFeatureCode[] {
    return (
      this.#ctx.cached(`feature-codes:${teamId ?? 'system'}`, () => {
        if (teamId === null) {
          return mergeFeatureCodes(this.#rowsInScope(this.#ctx.db, null), null);
        }
        this.#teamStatement ??= prepareTeamRows(this.#ctx.db);
        return mergeFeatureCodes(this.#teamStatement.all({ teamId }), teamId);
      }) ?? []
    );
  }

  /** One code in force, by name. */
  find(teamId: number | null, name: string): EffectiveFeatureCode | undefined {
    return this.effective(teamId).find((c) => c.name === name);
  }

  /** Stored overrides of one team, or of every team and the system when undefined. */
  rows(teamId?: number): FeatureCodeRow[] {
    return this.#ctx.db
      .select()
      .from(featureCodes)
      .where(teamId === undefined ? undefined : eq(featureCodes.teamId, teamId))
      .orderBy(asc(featureCodes.id))
      .all();
  }

  /**
   * Sets the override of `name` in the scope (a team, or the system set
   * for null). R15.9-5: a code is unique among the scope's codes of its
   * kind and is no internal number of the team (of any team for the
   * system set), since the number would win over the code.
   */
  set(teamId: number | null, name: string, input: FeatureCodeOverride): EffectiveFeatureCode {
    if (!isFeatureCodeName(name)) throw new NotFoundError('feature code', name);
    if (teamId !== null && KINDS.get(name) === 'hotkey') {
      throw new ValidationError('name', `${name} is an in-call hotkey: it has no team override`);
    }
    if (input.code !== undefined && !FEATURE_CODE_PATTERN.test(input.code)) {
      throw new ValidationError('code', 'a code is 1 to 16 of the keys 0-9, * and #');
    }
    return this.#ctx.write((db) => {
      if (teamId !== null) requireTeam(db, teamId);
      const current = mergeFeatureCodes(this.#rowsInScope(db, teamId), teamId);
      const inherited = current.find((c) => c.name === name)!;
      const code = input.code ?? inherited.code;
      this.#assertCodeFree(db, teamId, current, inherited, code);
      const values = {
        code,
        note: input.note === undefined ? inherited.note : input.note,
        enabled: input.enabled ?? inherited.enabled,
        updatedAt: this.#ctx.now(),
      };
      const own = this.#ownRow(db, teamId, name);
      if (own === undefined) {
        db.insert(featureCodes)
          .values({ teamId, name, ...values, createdAt: values.updatedAt })
          .run();
      } else {
        db.update(featureCodes).set(values).where(eq(featureCodes.id, own.id)).run();
      }
      return mergeFeatureCodes(this.#rowsInScope(db, teamId), teamId).find((c) => c.name === name)!;
    });
  }

  /** Drops the scope's override of `name`: the inherited code applies again. */
  reset(teamId: number | null, name: string): EffectiveFeatureCode {
    if (!isFeatureCodeName(name)) throw new NotFoundError('feature code', name);
    return this.#ctx.write((db) => {
      const own = this.#ownRow(db, teamId, name);
      if (own !== undefined) db.delete(featureCodes).where(eq(featureCodes.id, own.id)).run();
      return mergeFeatureCodes(this.#rowsInScope(db, teamId), teamId).find((c) => c.name === name)!;
    });
  }

  /** Inserts stored rows as they are (team import); no checks beyond the table's. */
  insertRows(rows: readonly Omit<FeatureCodeRow, 'id'>[]): void {
    if (rows.length === 0) return;
    this.#ctx.write((db) =>
      db
        .insert(featureCodes)
        .values([...rows])
        .run(),
    );
  }

  #rowsInScope(db: StoreDb, teamId: number | null): FeatureCodeRow[] {
    const scope =
      teamId === null
        ? isNull(featureCodes.teamId)
        : or(isNull(featureCodes.teamId), eq(featureCodes.teamId, teamId));
    return db.select().from(featureCodes).where(scope).orderBy(asc(featureCodes.id)).all();
  }

  #ownRow(db: StoreDb, teamId: number | null, name: FeatureCodeName): FeatureCodeRow | undefined {
    return db
      .select()
      .from(featureCodes)
      .where(
        and(
          teamId === null ? isNull(featureCodes.teamId) : eq(featureCodes.teamId, teamId),
          eq(featureCodes.name, name),
        ),
      )
      .get();
  }

  #assertCodeFree(
    db: StoreDb,
    teamId: number | null,
    current: readonly EffectiveFeatureCode[],
    self: EffectiveFeatureCode,
    code: string,
  ): void {
    const other = current.find(
      (c) => c.name !== self.name && c.kind === self.kind && c.code === code,
    );
    if (other !== undefined) {
      throw new ConflictError(
        'ERR_FEATURE_CODE_TAKEN',
        `code ${code} is already the code of ${other.name}`,
        'code',
      );
    }
    if (self.kind === 'hotkey') return;
    const number = db
      .select({ teamId: internalNumbers.teamId, kind: internalNumbers.kind })
      .from(internalNumbers)
      .where(
        and(
          eq(internalNumbers.number, code),
          teamId === null ? undefined : eq(internalNumbers.teamId, teamId),
        ),
      )
      .get();
    if (number !== undefined) {
      throw new ConflictError(
        'ERR_FEATURE_CODE_TAKEN',
        `code ${code} is the internal number of a ${number.kind} of team ${number.teamId}`,
        'code',
      );
    }
  }
}
