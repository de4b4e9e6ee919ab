import { and, asc, eq, getTableColumns, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { didGroups, inboundRoutes } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertDestination, assertInTeam, assertTrunkUsable, requireTeam } from './team-objects.ts';
import { CALLER_NUMBER_PATTERN, requireMatch, requireNonBlank } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** An inbound route (spec 02 §3.6). */
export type InboundRoute = typeof inboundRoutes.$inferSelect;

/** Fields of a new route; unset conditions match every call. */
export type NewInboundRoute = Omit<
  typeof inboundRoutes.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Changes to a route; the team is fixed. */
export type InboundRouteUpdate = Partial<Omit<NewInboundRoute, 'teamId'>>;

function validateRoute(input: InboundRouteUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.callerPattern != null) {
    requireMatch(
      'callerPattern',
      input.callerPattern,
      CALLER_NUMBER_PATTERN,
      'a number or prefix*',
    );
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: inboundRoutes,
  id: inboundRoutes.id,
  selection: getTableColumns(inboundRoutes),
  scope: (teamId) => eq(inboundRoutes.teamId, teamId),
};

/**
 * Inbound routes. Every object a route names (DID, trunk, work hours,
 * destination) must be of the route's team; a system-wide trunk is fine
 * (TRK-1).
 */
export class InboundRoutesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewInboundRoute): InboundRoute {
    validateRoute(input);
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      this.#assertRefs(db, input.teamId, input, undefined);
      const now = this.#ctx.now();
      return db
        .insert(inboundRoutes)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): InboundRoute | undefined {
    return this.#ctx.db.select().from(inboundRoutes).where(eq(inboundRoutes.id, id)).get();
  }

  /** Routes of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): InboundRoute[] {
    return this.#ctx.db
      .select()
      .from(inboundRoutes)
      .where(teamId === undefined ? undefined : eq(inboundRoutes.teamId, teamId))
      .orderBy(asc(inboundRoutes.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<InboundRoute> | undefined {
    return selectKeysetPage<InboundRoute>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: InboundRouteUpdate): InboundRoute {
    validateRoute(patch);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('inbound route', id);
      const next = { ...current, ...patch };
      if (patch.destinationType !== undefined && patch.destinationId === undefined) {
        // A new type without a target drops the old target.
        next.destinationId = null;
      }
      this.#assertRefs(db, current.teamId, next, id);
      return db
        .update(inboundRoutes)
        .set({ ...patch, destinationId: next.destinationId, updatedAt: this.#ctx.now() })
        .where(eq(inboundRoutes.id, id))
        .returning()
        .get()!;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(inboundRoutes).where(eq(inboundRoutes.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('inbound route', id);
    });
  }

  #assertRefs(
    db: StoreDb,
    teamId: number,
    route: NewInboundRoute | InboundRoute,
    selfId: number | undefined,
  ): void {
    if (route.didId != null) assertInTeam(db, 'did', route.didId, teamId, 'didId');
    if (route.didGroupId != null) assertDidGroupCondition(db, route, teamId);
    if (route.trunkId != null) assertTrunkUsable(db, route.trunkId, teamId);
    if (route.workHoursId != null) {
      assertInTeam(db, 'workHours', route.workHoursId, teamId, 'workHoursId');
    }
    assertDestination(db, teamId, route.destinationType, route.destinationId, 'destinationId');
    const other = db
      .select({ id: inboundRoutes.id })
      .from(inboundRoutes)
      .where(
        and(
          eq(inboundRoutes.teamId, teamId),
          eq(inboundRoutes.name, route.name),
          selfId === undefined ? undefined : ne(inboundRoutes.id, selfId),
        ),
      )
      .get();
    if (other !== undefined) {
      throw new ConflictError(
        'ERR_NAME_TAKEN',
        `inbound route ${route.name} already exists`,
        'name',
      );
    }
  }
}

/**
 * IR-2 `组匹配`: the group is of the route's team, and a route has one DID
 * condition, a single DID or a group (the manual's one `DID匹配` field).
 */
function assertDidGroupCondition(
  db: StoreDb,
  route: { didId?: number | null | undefined; didGroupId?: number | null | undefined },
  teamId: number,
): void {
  if (route.didId != null) {
    throw new ValidationError('didGroupId', 'a route matches one DID or one DID group, not both');
  }
  const group = db
    .select({ teamId: didGroups.teamId })
    .from(didGroups)
    .where(eq(didGroups.id, route.didGroupId!))
    .get();
  // Another team's group gets the same answer as no group (no id probing).
  if (group?.teamId !== teamId) {
    throw new ValidationError('didGroupId', `no DID group ${route.didGroupId} in this team`);
  }
}
