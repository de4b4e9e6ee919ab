import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { accountGroupRoutes, outboundRoutes, teams, trunks } from './schema.ts';
import { assertRouteAction } from './outbound-references.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireIntInRange, requireMatch, requireNonBlank } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** One prefix rule of a team's outbound dial plan (spec §3.7). */
export type OutboundRoute = typeof outboundRoutes.$inferSelect;

/** Fields of a new route; an empty prefix matches every number. */
export type NewOutboundRoute = Omit<
  typeof outboundRoutes.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Changes to a route; the team is fixed. */
export type OutboundRouteUpdate = Partial<Omit<NewOutboundRoute, 'teamId'>>;

const DIAL_DIGITS = /^[0-9*#+]{0,32}$/;

function validateRoute(input: OutboundRouteUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.numberPrefix !== undefined) {
    requireMatch('numberPrefix', input.numberPrefix, DIAL_DIGITS, 'dial digits');
  }
  if (input.prepend !== undefined) {
    requireMatch('prepend', input.prepend, DIAL_DIGITS, 'dial digits');
  }
  if (input.priority !== undefined) requireIntInRange('priority', input.priority, 0, 1_000_000);
  if (input.numberLength !== undefined) {
    requireIntInRange('numberLength', input.numberLength, 0, 32);
  }
  if (input.stripDigits !== undefined) requireIntInRange('stripDigits', input.stripDigits, 0, 32);
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: outboundRoutes,
  id: outboundRoutes.id,
  selection: getTableColumns(outboundRoutes),
  scope: (teamId) => eq(outboundRoutes.teamId, teamId),
};

/** Outbound routes: which trunk carries a dialled number, and how it is rewritten. */
/**
 * The enabled routes of a team whose prefix and length match a number,
 * longest prefix first (OR-2): read for every outbound call, so prepared once.
 */
/**
 * A team's enabled routes best first; findCandidates() keeps them in the
 * read cache and matches the dialled number in JavaScript, since every
 * outbound call dials a different number (D37).
 */
function prepareEnabled(db: StoreDb) {
  return db
    .select()
    .from(outboundRoutes)
    .where(
      and(
        eq(outboundRoutes.teamId, sql.placeholder('teamId')),
        eq(outboundRoutes.status, 'enabled'),
      ),
    )
    .orderBy(
      sql`length(${outboundRoutes.numberPrefix}) DESC`,
      asc(outboundRoutes.priority),
      asc(outboundRoutes.id),
    )
    .prepare();
}

export class OutboundRoutesRepository {
  readonly #ctx: StoreContext;
  #enabledStatement: ReturnType<typeof prepareEnabled> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewOutboundRoute): OutboundRoute {
    validateRoute(input);
    return this.#ctx.write((db) => {
      this.#assertUsable(db, input.teamId, input.trunkId ?? null);
      assertRouteAction(db, input.teamId, {
        action: input.action ?? 'dialOut',
        actionTargetId: input.actionTargetId ?? null,
        trunkId: input.trunkId ?? null,
      });
      const now = this.#ctx.now();
      return db
        .insert(outboundRoutes)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  get(id: number): OutboundRoute {
    const route = this.find(id);
    if (route === undefined) throw new NotFoundError('outbound route', id);
    return route;
  }

  find(id: number): OutboundRoute | undefined {
    return this.#ctx.db.select().from(outboundRoutes).where(eq(outboundRoutes.id, id)).get();
  }

  findByName(teamId: number, name: string): OutboundRoute | undefined {
    return this.#ctx.db
      .select()
      .from(outboundRoutes)
      .where(and(eq(outboundRoutes.teamId, teamId), eq(outboundRoutes.name, name)))
      .get();
  }

  /** Routes of a team in evaluation order: priority, then id. */
  list(teamId: number): OutboundRoute[] {
    return this.#ctx.db
      .select()
      .from(outboundRoutes)
      .where(eq(outboundRoutes.teamId, teamId))
      .orderBy(asc(outboundRoutes.priority), asc(outboundRoutes.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<OutboundRoute> | undefined {
    return selectKeysetPage<OutboundRoute>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  /**
   * Enabled routes of a team that match `number`, best first: the longest
   * prefix wins (OR-2), a length of 0 matches any length, and priority
   * breaks ties. Applying stripDigits and prepend is the router's job.
   * With `routeIds` (an account group's set, AG-2) only those are matched;
   * without, only the team's own: routes in no account group's set (OR-1).
   */
  findCandidates(teamId: number, number: string, routeIds?: readonly number[]): OutboundRoute[] {
    const routes =
      this.#ctx.cached(`outbound-routes:${teamId}`, () => {
        this.#enabledStatement ??= prepareEnabled(this.#ctx.db);
        return this.#enabledStatement.all({ teamId });
      }) ?? [];
    const wanted = routeIds === undefined ? undefined : new Set(routeIds);
    const grouped = wanted === undefined ? this.#groupRouteIds(teamId) : undefined;
    return routes.filter(
      (r) =>
        (wanted === undefined ? !grouped!.has(r.id) : wanted.has(r.id)) &&
        number.startsWith(r.numberPrefix) &&
        (r.numberLength === 0 || r.numberLength === number.length),
    );
  }

  /** Ids of the team's routes that belong to an account group's set (AG-2). */
  #groupRouteIds(teamId: number): ReadonlySet<number> {
    // The read cache keeps plain rows, so the set is built per call.
    const rows =
      this.#ctx.cached(`outbound-group-routes:${teamId}`, () =>
        this.#ctx.db
          .selectDistinct({ id: accountGroupRoutes.outboundRouteId })
          .from(accountGroupRoutes)
          .innerJoin(outboundRoutes, eq(outboundRoutes.id, accountGroupRoutes.outboundRouteId))
          .where(eq(outboundRoutes.teamId, teamId))
          .all(),
      ) ?? [];
    return new Set(rows.map((row) => row.id));
  }

  update(id: number, patch: OutboundRouteUpdate): OutboundRoute {
    validateRoute(patch);
    return this.#ctx.write((db) => {
      const current = this.get(id);
      if (patch.trunkId !== undefined) this.#assertUsable(db, current.teamId, patch.trunkId);
      const merged = { ...current, ...patch };
      // Switching to an action without a target clears the old target.
      if (patch.action !== undefined && patch.actionTargetId === undefined) {
        if (patch.action === 'dialOut' || patch.action === 'end') merged.actionTargetId = null;
      }
      if (patch.action === 'end' && patch.trunkId === undefined) merged.trunkId = null;
      assertRouteAction(db, current.teamId, merged);
      const route = db
        .update(outboundRoutes)
        .set({
          ...patch,
          actionTargetId: merged.actionTargetId,
          trunkId: merged.trunkId,
          updatedAt: this.#ctx.now(),
        })
        .where(eq(outboundRoutes.id, id))
        .returning()
        .get();
      if (route === undefined) throw new NotFoundError('outbound route', id);
      return route;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(outboundRoutes).where(eq(outboundRoutes.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('outbound route', id);
    });
  }

  /** A team may route only over its own or system-wide trunks (TRK-1). */
  #assertUsable(db: StoreDb, teamId: number, trunkId: number | null): void {
    const team = db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get();
    if (team === undefined) throw new NotFoundError('team', teamId);
    if (trunkId === null) return;
    const trunk = db
      .select({ teamId: trunks.teamId })
      .from(trunks)
      .where(eq(trunks.id, trunkId))
      .get();
    if (trunk === undefined) throw new NotFoundError('trunk', trunkId);
    if (trunk.teamId !== null && trunk.teamId !== teamId) {
      throw new ValidationError('trunkId', 'the trunk belongs to another team (TRK-1)');
    }
  }
}
