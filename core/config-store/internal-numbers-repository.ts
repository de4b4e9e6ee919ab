import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import { selectKeysetPage } from './keyset-page.ts';
import type { KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';
import type { INTERNAL_NUMBER_KINDS } from './schema.ts';
import { internalNumbers } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { INTERNAL_NUMBER_PATTERN, requireMatch } from './validate.ts';

/** One entry of a team's internal-number namespace (spec §2.10). */
export type InternalNumber = typeof internalNumbers.$inferSelect;

/** What an internal number leads to. */
export type InternalNumberKind = (typeof INTERNAL_NUMBER_KINDS)[number];

/** A number to reserve for an object of a team. */
export interface InternalNumberReservation {
  teamId: number;
  number: string;
  kind: InternalNumberKind;
  ownerId: number | null;
}

/**
 * Kinds whose owning object lives in this store: their numbers change only
 * through the owner's repository, which keeps both rows in step (IN-4, IN-5).
 */
const OWNED_KINDS: ReadonlySet<InternalNumberKind> = new Set(['extension', 'queue', 'ringGroup']);

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: internalNumbers,
  id: internalNumbers.id,
  selection: getTableColumns(internalNumbers),
  scope: (teamId) => eq(internalNumbers.teamId, teamId),
};

function takenError(number: string, existing: InternalNumber): ConflictError {
  return new ConflictError(
    'ERR_INTERNAL_NUMBER_TAKEN',
    `internal number ${number} is already used by a ${existing.kind} of this team (IN-1)`,
    'number',
  );
}

function findEntry(db: StoreDb, teamId: number, number: string): InternalNumber | undefined {
  return db
    .select()
    .from(internalNumbers)
    .where(and(eq(internalNumbers.teamId, teamId), eq(internalNumbers.number, number)))
    .get();
}

/** findEntry() as a prepared statement, for lookups outside writes. */
function prepareLookup(db: StoreDb) {
  return db
    .select()
    .from(internalNumbers)
    .where(
      and(
        eq(internalNumbers.teamId, sql.placeholder('teamId')),
        eq(internalNumbers.number, sql.placeholder('number')),
      ),
    )
    .prepare();
}

/** Every number of a team's namespace, as a prepared statement. */
function prepareTeamNumbers(db: StoreDb) {
  return db
    .select({ number: internalNumbers.number })
    .from(internalNumbers)
    .where(eq(internalNumbers.teamId, sql.placeholder('teamId')))
    .prepare();
}

/** Bound parameters per statement, well under SQLite's limit of 32766. */
const CHUNK = 500;

/**
 * Throws ERR_INTERNAL_NUMBER_TAKEN if any of `numbers` is in the team's
 * namespace, or appears twice in `numbers`. One query per 500 numbers, so
 * bulk creation does not pay a statement per row.
 */
export function assertInternalNumbersFree(
  db: StoreDb,
  teamId: number,
  numbers: readonly string[],
): void {
  const seen = new Set<string>();
  for (const number of numbers) {
    if (seen.has(number)) {
      throw new ConflictError(
        'ERR_INTERNAL_NUMBER_TAKEN',
        `internal number ${number} appears twice in one request (IN-1)`,
        'number',
      );
    }
    seen.add(number);
  }
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const existing = db
      .select()
      .from(internalNumbers)
      .where(
        and(
          eq(internalNumbers.teamId, teamId),
          inArray(internalNumbers.number, numbers.slice(i, i + CHUNK)),
        ),
      )
      .limit(1)
      .get();
    if (existing !== undefined) throw takenError(existing.number, existing);
  }
}

/**
 * Reserves `number` in the team's namespace; must run inside the caller's
 * write transaction, so that a clash rolls back the object that wanted it.
 * The same number in another team is fine (IN-1).
 */
export function reserveInternalNumber(
  ctx: StoreContext,
  db: StoreDb,
  reservation: InternalNumberReservation,
): InternalNumber {
  requireMatch('number', reservation.number, INTERNAL_NUMBER_PATTERN, 'digits, * or #');
  const existing = findEntry(db, reservation.teamId, reservation.number);
  if (existing !== undefined) throw takenError(reservation.number, existing);
  const now = ctx.now();
  return db
    .insert(internalNumbers)
    .values({ ...reservation, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/**
 * Moves the entry of an object to a new number (IN-3); inside the caller's
 * write transaction.
 */
export function moveInternalNumber(
  ctx: StoreContext,
  db: StoreDb,
  teamId: number,
  from: string,
  to: string,
): InternalNumber {
  requireMatch('number', to, INTERNAL_NUMBER_PATTERN, 'digits, * or #');
  const existing = findEntry(db, teamId, to);
  if (existing !== undefined) throw takenError(to, existing);
  const moved = db
    .update(internalNumbers)
    .set({ number: to, updatedAt: ctx.now() })
    .where(and(eq(internalNumbers.teamId, teamId), eq(internalNumbers.number, from)))
    .returning()
    .get();
  if (moved === undefined) throw new NotFoundError('internal number', from);
  return moved;
}

/** The per-team dial-plan namespace shared by every numbered object. */
export class InternalNumbersRepository {
  readonly #ctx: StoreContext;
  #lookupStatement: ReturnType<typeof prepareLookup> | undefined;
  #numbersStatement: ReturnType<typeof prepareTeamNumbers> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Reserves a number for an object that has no repository here yet (queue,
   * IVR, feature code…). Extensions reserve theirs when they are created.
   */
  reserve(reservation: InternalNumberReservation): InternalNumber {
    this.#refuseOwnedKind(reservation.kind);
    return this.#ctx.write((db) => reserveInternalNumber(this.#ctx, db, reservation));
  }

  /** What `number` dials inside the team (IN-2), if anything. */
  /** Read several times per call (routing): the statement is prepared once. */
  lookup(teamId: number, number: string): InternalNumber | undefined {
    const read = () => {
      this.#lookupStatement ??= prepareLookup(this.#ctx.db);
      return this.#lookupStatement.get({ teamId, number });
    };
    if (!this.#ctx.isCaching) return read();
    // An outside number is dialled once or seldom: it is answered from the
    // team's cached set of numbers, so it costs no query and takes no slot
    // in the read cache (whose size bound would empty it every 20,000
    // outbound calls). Internal numbers repeat and are cached one by one.
    const team = this.#ctx.cached(`internal-number-set:${teamId}`, () => {
      this.#numbersStatement ??= prepareTeamNumbers(this.#ctx.db);
      return { numbers: new Set(this.#numbersStatement.all({ teamId }).map((r) => r.number)) };
    });
    if (team !== undefined && !team.numbers.has(number)) return undefined;
    return this.#ctx.cached(`internal-number:${teamId}:${number}`, read);
  }

  /** A team's entries by number, or every team's when `teamId` is undefined. */
  list(teamId?: number): InternalNumber[] {
    return this.#ctx.db
      .select()
      .from(internalNumbers)
      .where(teamId === undefined ? undefined : eq(internalNumbers.teamId, teamId))
      .orderBy(asc(internalNumbers.number))
      .all();
  }

  /**
   * One page filtered, sorted and cut in SQL (keyset paging): a team with
   * ten thousand extensions has as many entries, and reading them all took
   * the API about half a second per page (D111).
   */
  page(request: KeysetPageRequest): KeysetPage<InternalNumber> | undefined {
    return selectKeysetPage<InternalNumber>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  find(id: number): InternalNumber | undefined {
    return this.#ctx.db.select().from(internalNumbers).where(eq(internalNumbers.id, id)).get();
  }

  /** Gives an entry a new number (IN-3); the new one must be free. */
  changeNumber(teamId: number, from: string, to: string): InternalNumber {
    return this.#ctx.write((db) => {
      const entry = findEntry(db, teamId, from);
      if (entry === undefined) throw new NotFoundError('internal number', from);
      this.#refuseOwnedKind(entry.kind);
      return moveInternalNumber(this.#ctx, db, teamId, from, to);
    });
  }

  /** Frees a number reserved here (IN-4). */
  release(teamId: number, number: string): void {
    this.#ctx.write((db) => {
      const entry = findEntry(db, teamId, number);
      if (entry === undefined) throw new NotFoundError('internal number', number);
      this.#refuseOwnedKind(entry.kind);
      db.delete(internalNumbers).where(eq(internalNumbers.id, entry.id)).run();
    });
  }

  #refuseOwnedKind(kind: InternalNumberKind): void {
    if (OWNED_KINDS.has(kind)) {
      throw new ConflictError(
        'ERR_INTERNAL_NUMBER_OWNED',
        `numbers of kind ${kind} are managed through their ${kind} (IN-4)`,
        'kind',
      );
    }
  }
}
