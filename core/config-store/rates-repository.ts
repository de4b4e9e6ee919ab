import { asc, eq, getTableColumns, isNull, or } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { NotFoundError, ValidationError } from '../index.ts';
import {
  accountGroups,
  agentGroups,
  agentInboundRates,
  extensionRates,
  systemRates,
  teamRates,
} from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertInTeam, assertTrunkUsable, requireTeam } from './team-objects.ts';
import { requireIntInRange, requireMatch } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** A system rate (spec 03 §5.1). */
export type SystemRate = typeof systemRates.$inferSelect;
/** A team rate (spec 03 §5.2). */
export type TeamRate = typeof teamRates.$inferSelect;
/** An extension rate (spec 03 §5.3). */
export type ExtensionRate = typeof extensionRates.$inferSelect;
/** An agent inbound rate (spec 03 §5.4). */
export type AgentInboundRate = typeof agentInboundRates.$inferSelect;

type Insert<T extends { $inferInsert: unknown }> = Omit<
  T['$inferInsert'],
  'id' | 'createdAt' | 'updatedAt'
>;
/** Fields of a new system rate. */
export type NewSystemRate = Insert<typeof systemRates>;
/** Fields of a new team rate. */
export type NewTeamRate = Insert<typeof teamRates>;
/** Fields of a new extension rate. */
export type NewExtensionRate = Insert<typeof extensionRates>;
/** Fields of a new agent inbound rate. */
export type NewAgentInboundRate = Insert<typeof agentInboundRates>;

/** R5 prefix: `default`, or the digits (with `*`, `#`, `+`) a number starts with. */
const PREFIX = /^(default|[0-9*#+]{1,32})$/;
/** The largest fee one rate may name: 100 million in 1/10 000 units. */
const MAX_FEE_E4 = 1_000_000_000_000;
const DAY_SEC = 86_400;

type Tariff = {
  connectFeeE4?: number | undefined;
  initialDurationSec?: number | undefined;
  ratePerMinuteE4?: number | undefined;
  billingCycleSec?: number | undefined;
  prefix?: string | undefined;
  numberLength?: number | undefined;
};

function validateTariff(input: Tariff): void {
  if (input.prefix !== undefined) {
    requireMatch('prefix', input.prefix, PREFIX, '`default` or up to 32 digits');
  }
  if (input.numberLength !== undefined) {
    requireIntInRange('numberLength', input.numberLength, 0, 64);
  }
  for (const key of ['connectFeeE4', 'ratePerMinuteE4'] as const) {
    const value = input[key];
    if (value !== undefined) requireIntInRange(key, value, 0, MAX_FEE_E4);
  }
  if (input.initialDurationSec !== undefined) {
    requireIntInRange('initialDurationSec', input.initialDurationSec, 0, DAY_SEC);
  }
  if (input.billingCycleSec !== undefined) {
    requireIntInRange('billingCycleSec', input.billingCycleSec, 1, DAY_SEC);
  }
}

/** How one rate table is written, checked and paged. */
interface RateTableSpec<Row> {
  label: string;
  table: SQLiteTable;
  id: SQLiteColumn;
  teamId?: SQLiteColumn;
  /** Team checks of the merged row, inside the write transaction. */
  check(db: StoreDb, row: Row): void;
}

/**
 * One rate table: the CRUD every rate kind shares (find, list, page,
 * create, update, delete). A team admin lists its team's rows and the rows
 * for every team (no team), as with system trunks (TRK-1).
 */
export class RateTable<Row extends { id: number }, New extends object> {
  readonly #ctx: StoreContext;
  readonly #spec: RateTableSpec<Row>;
  readonly #keyset: KeysetSource;

  constructor(ctx: StoreContext, spec: RateTableSpec<Row>) {
    this.#ctx = ctx;
    this.#spec = spec;
    const teamColumn = spec.teamId;
    this.#keyset = {
      table: spec.table,
      id: spec.id,
      selection: getTableColumns(spec.table) as Record<string, SQLiteColumn>,
      scope: (teamId) =>
        teamColumn === undefined ? undefined : or(isNull(teamColumn), eq(teamColumn, teamId)),
    };
  }

  find(id: number): Row | undefined {
    return this.#ctx.db.select().from(this.#spec.table).where(eq(this.#spec.id, id)).get() as
      Row | undefined;
  }

  /** Rows a team may see (its own and those for every team), or all. */
  list(teamId?: number): Row[] {
    const column = this.#spec.teamId;
    const where: SQL | undefined =
      teamId === undefined || column === undefined
        ? undefined
        : or(isNull(column), eq(column, teamId));
    return this.#ctx.db
      .select()
      .from(this.#spec.table)
      .where(where)
      .orderBy(asc(this.#spec.id))
      .all() as Row[];
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Row> | undefined {
    return selectKeysetPage<Row>(this.#ctx.db, this.#keyset, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, this.#keyset, request, fields);
  }

  create(input: New): Row {
    validateTariff(input as Tariff);
    return this.#ctx.write((db) => {
      const now = this.#ctx.now();
      const row = { ...input, createdAt: now, updatedAt: now };
      this.#spec.check(db, row as unknown as Row);
      return db.insert(this.#spec.table).values(row).returning().get() as Row;
    });
  }

  update(id: number, patch: Partial<New>): Row {
    validateTariff(patch as Tariff);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError(this.#spec.label, id);
      this.#spec.check(db, { ...current, ...patch });
      return db
        .update(this.#spec.table)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(this.#spec.id, id))
        .returning()
        .get() as Row;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(this.#spec.table).where(eq(this.#spec.id, id)).run();
      if (result.changes === 0) throw new NotFoundError(this.#spec.label, id);
    });
  }
}

/** A rate's trunk must be usable by its team; a rate for every team needs a system trunk. */
function checkTrunk(db: StoreDb, trunkId: number | null, teamId: number | null): void {
  if (trunkId === null) return;
  assertTrunkUsable(db, trunkId, teamId ?? -1);
}

function checkTeam(db: StoreDb, teamId: number | null): void {
  if (teamId !== null) requireTeam(db, teamId);
}

/**
 * The four rate tables of spec 03 §5. Rates are priced by pbx/billing;
 * this only stores them, with the team checks a write needs.
 */
export class RatesRepository {
  readonly system: RateTable<SystemRate, NewSystemRate>;
  readonly team: RateTable<TeamRate, NewTeamRate>;
  readonly extension: RateTable<ExtensionRate, NewExtensionRate>;
  readonly agentInbound: RateTable<AgentInboundRate, NewAgentInboundRate>;
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.system = new RateTable(ctx, {
      label: 'system rate',
      table: systemRates,
      id: systemRates.id,
      check: (db, row) => checkTrunk(db, row.trunkId ?? null, null),
    });
    this.team = new RateTable(ctx, {
      label: 'team rate',
      table: teamRates,
      id: teamRates.id,
      teamId: teamRates.teamId,
      check: (db, row) => {
        checkTeam(db, row.teamId ?? null);
        checkTrunk(db, row.trunkId ?? null, row.teamId ?? null);
      },
    });
    this.extension = new RateTable(ctx, {
      label: 'extension rate',
      table: extensionRates,
      id: extensionRates.id,
      teamId: extensionRates.teamId,
      check: (db, row) => {
        const teamId = row.teamId ?? null;
        checkTeam(db, teamId);
        checkTrunk(db, row.trunkId ?? null, teamId);
        const groupId = row.accountGroupId ?? null;
        if (groupId === null) return;
        const group = db
          .select({ teamId: accountGroups.teamId })
          .from(accountGroups)
          .where(eq(accountGroups.id, groupId))
          .get();
        if (group === undefined || group.teamId !== teamId) {
          throw new ValidationError('accountGroupId', `no account group ${groupId} in this team`);
        }
      },
    });
    this.agentInbound = new RateTable(ctx, {
      label: 'agent inbound rate',
      table: agentInboundRates,
      id: agentInboundRates.id,
      teamId: agentInboundRates.teamId,
      check: (db, row) => {
        const teamId = row.teamId ?? null;
        if (teamId === null) {
          throw new ValidationError('teamId', 'an agent inbound rate belongs to its group’s team');
        }
        requireTeam(db, teamId);
        const group = db
          .select({ teamId: agentGroups.teamId })
          .from(agentGroups)
          .where(eq(agentGroups.id, row.agentGroupId))
          .get();
        if (group === undefined || group.teamId !== teamId) {
          throw new ValidationError(
            'agentGroupId',
            `no agent group ${row.agentGroupId} in this team`,
          );
        }
        if (row.agentId !== null && row.agentId !== undefined) {
          assertInTeam(db, 'agent', row.agentId, teamId, 'agentId');
        }
      },
    });
  }

  /** Enabled system rates, for pricing (5.1); cached like routing lookups (D37). */
  enabledSystemRates(): SystemRate[] {
    return this.#enabled('system', () => this.system.list());
  }

  /** Enabled team rates of a team and for every team (5.2, R7). */
  enabledTeamRates(teamId: number): TeamRate[] {
    return this.#enabled(`team:${teamId}`, () => this.team.list(teamId));
  }

  /** Enabled extension rates of a team and of the system level (5.3). */
  enabledExtensionRates(teamId: number): ExtensionRate[] {
    return this.#enabled(`extension:${teamId}`, () => this.extension.list(teamId));
  }

  /** Enabled agent inbound rates of a team (5.4). */
  enabledAgentRates(teamId: number): AgentInboundRate[] {
    return this.#enabled(`agent:${teamId}`, () => this.agentInbound.list(teamId));
  }

  #enabled<R extends { status: string }>(key: string, read: () => R[]): R[] {
    const rows = this.#ctx.cached(`enabled-rates:${key}`, () =>
      read().filter((row) => row.status === 'enabled'),
    );
    return rows ?? [];
  }
}
