import { and, asc, eq, getTableColumns, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { dids, extensions, teams } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { DID_NUMBER_PATTERN, requireMatch } from './validate.ts';
import { logDidBindingChange } from './did-logs-repository.ts';
import type { DidBinding } from './did-logs-repository.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import { SEARCH_INDEXES } from './search-index.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** An inbound number and where its calls go (spec §2.6). */
export type Did = typeof dids.$inferSelect;

/** Fields of a new DID. For type `extension`, destinationId is the extension. */
export type NewDid = Omit<typeof dids.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes to a DID; the team is fixed. */
export type DidUpdate = Partial<Omit<NewDid, 'teamId'>>;

/** The spec's default DID language (spec 01 §2.6 `语言`: 简体中文). */
export const DEFAULT_DID_LANGUAGE = 'cn';

/** Who made a change, as the DID log names them (`操作者`). */
export const SYSTEM_OPERATOR = 'system';

function bindingOf(did: Did): DidBinding {
  return {
    didId: did.id,
    teamId: did.teamId,
    number: did.number,
    extensionId: did.destinationType === 'extension' ? did.destinationId : null,
  };
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: dids,
  id: dids.id,
  selection: getTableColumns(dids),
  scope: (teamId) => eq(dids.teamId, teamId),
  search: SEARCH_INDEXES.dids,
};

/**
 * DIDs: numbers are unique system-wide, so a call maps to one team (DID-1,
 * DID-5). Every change of a DID's extension binding writes the DID log in
 * the same transaction (DID-6); `operator` names who made it.
 */
export class DidsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewDid, operator = SYSTEM_OPERATOR): Did {
    requireMatch('number', input.number, DID_NUMBER_PATTERN, 'an E.164-style number');
    return this.#ctx.write((db) => {
      const team = db.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId)).get();
      if (team === undefined) throw new NotFoundError('team', input.teamId);
      this.#assertNumberFree(db, input.number);
      this.#assertDestination(db, input.teamId, input);
      const now = this.#ctx.now();
      const language = input.language === undefined ? DEFAULT_DID_LANGUAGE : input.language;
      const did = db
        .insert(dids)
        .values({ ...input, language, createdAt: now, updatedAt: now })
        .returning()
        .get();
      logDidBindingChange(db, { after: bindingOf(did) }, operator, now);
      return did;
    });
  }

  get(id: number): Did {
    const did = this.find(id);
    if (did === undefined) throw new NotFoundError('DID', id);
    return did;
  }

  find(id: number): Did | undefined {
    return this.#ctx.db.select().from(dids).where(eq(dids.id, id)).get();
  }

  /** The DID a called number belongs to, across all teams (DID-1). */
  findByNumber(number: string): Did | undefined {
    return this.#ctx.db.select().from(dids).where(eq(dids.number, number)).get();
  }

  /**
   * DID-4: the DIDs bound to any extension of the account that owns
   * `extensionId`, but `exceptDidId` (the DID being saved), by number.
   * Empty when the extension has no account or the account no other DID.
   */
  boundToAccountOf(extensionId: number, exceptDidId?: number): Did[] {
    const db = this.#ctx.db;
    const owner = db
      .select({ accountId: extensions.accountId })
      .from(extensions)
      .where(eq(extensions.id, extensionId))
      .get();
    if (owner?.accountId == null) return [];
    return db
      .select(getTableColumns(dids))
      .from(dids)
      .innerJoin(extensions, eq(extensions.id, dids.destinationId))
      .where(
        and(
          eq(dids.destinationType, 'extension'),
          eq(extensions.accountId, owner.accountId),
          exceptDidId === undefined ? undefined : ne(dids.id, exceptDidId),
        ),
      )
      .orderBy(asc(dids.number))
      .all();
  }

  list(teamId: number): Did[] {
    return this.#ctx.db
      .select()
      .from(dids)
      .where(eq(dids.teamId, teamId))
      .orderBy(asc(dids.number))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Did> | undefined {
    return selectKeysetPage<Did>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: DidUpdate, operator = SYSTEM_OPERATOR): Did {
    if (patch.number !== undefined) {
      requireMatch('number', patch.number, DID_NUMBER_PATTERN, 'an E.164-style number');
    }
    return this.#ctx.write((db) => {
      const current = this.get(id);
      if (patch.number !== undefined && patch.number !== current.number) {
        this.#assertNumberFree(db, patch.number);
      }
      this.#assertDestination(db, current.teamId, { ...current, ...patch });
      const now = this.#ctx.now();
      const did = db
        .update(dids)
        .set({ ...patch, updatedAt: now })
        .where(eq(dids.id, id))
        .returning()
        .get();
      if (did === undefined) throw new NotFoundError('DID', id);
      logDidBindingChange(db, { before: bindingOf(current), after: bindingOf(did) }, operator, now);
      return did;
    });
  }

  delete(id: number, operator = SYSTEM_OPERATOR): void {
    this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('DID', id);
      db.delete(dids).where(eq(dids.id, id)).run();
      logDidBindingChange(db, { before: bindingOf(current) }, operator, this.#ctx.now());
    });
  }

  #assertNumberFree(db: StoreDb, number: string): void {
    const other = db.select({ id: dids.id }).from(dids).where(eq(dids.number, number)).get();
    if (other !== undefined) {
      throw new ConflictError(
        'ERR_DID_TAKEN',
        `DID ${number} is already assigned (DID-5)`,
        'number',
      );
    }
  }

  /**
   * An extension destination must exist in the DID's own team. A null id
   * leaves the DID unbound (DID-3: the binding is optional), so its calls
   * that match no route go to the team's default traffic (TM-12).
   */
  #assertDestination(
    db: StoreDb,
    teamId: number,
    target: Pick<NewDid, 'destinationType' | 'destinationId'>,
  ): void {
    if (target.destinationType !== 'extension' || target.destinationId == null) return;
    const extension = db
      .select({ teamId: extensions.teamId })
      .from(extensions)
      .where(eq(extensions.id, target.destinationId))
      .get();
    if (extension === undefined) throw new NotFoundError('extension', target.destinationId);
    if (extension.teamId !== teamId) {
      throw new ValidationError('destinationId', 'the extension belongs to another team');
    }
  }
}
