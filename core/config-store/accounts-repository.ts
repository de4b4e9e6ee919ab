import { and, asc, count, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { ConflictError, NotFoundError, QuotaExceededError, ValidationError } from '../index.ts';
import { isPasswordHash } from './password-hash.ts';
import { accounts, teams } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { USERNAME_PATTERN, requireIntInRange, requireMatch } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import { SEARCH_INDEXES } from './search-index.ts';
import { selectIds } from './select-ids.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** An account as returned to callers: everything but the password hash. */
export type Account = Omit<typeof accounts.$inferSelect, 'passwordHash'>;

/**
 * Fields of a new account. The caller hashes the password first with
 * hashPassword(), which is async, so that writes stay synchronous and in
 * one SQLite transaction.
 */
export type NewAccount = Omit<typeof accounts.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes to an account; the username, type and team are fixed. */
export type AccountUpdate = Partial<
  Omit<NewAccount, 'teamId' | 'username' | 'accountType' | 'passwordHash'>
>;

const { passwordHash: _omitted, ...publicColumns } = getTableColumns(accounts);

function teamCondition(teamId: number | null): SQL {
  return teamId === null ? isNull(accounts.teamId) : eq(accounts.teamId, teamId);
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: accounts,
  id: accounts.id,
  selection: publicColumns,
  scope: (teamId) => eq(accounts.teamId, teamId),
  search: SEARCH_INDEXES.accounts,
};

/** find() as a prepared statement: the id is a placeholder. */
function prepareFind(db: StoreDb) {
  return db
    .select(publicColumns)
    .from(accounts)
    .where(eq(accounts.id, sql.placeholder('id')))
    .prepare();
}

/** Login identities that own extensions and pay for calls (spec §1.3). */
export class AccountsRepository {
  readonly #ctx: StoreContext;
  #findStatement: ReturnType<typeof prepareFind> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates an account. A systemAdmin has no team, others need one (AC-3);
   * the username is unique within the team and may not be a system
   * administrator's (AC-1); the team's maxAccounts holds (TM-2).
   */
  create(input: NewAccount): Account {
    requireMatch('username', input.username, USERNAME_PATTERN, 'letters, digits, _ or @ (AC-1)');
    if (!isPasswordHash(input.passwordHash)) {
      throw new ValidationError('passwordHash', 'passwordHash must come from hashPassword()');
    }
    const teamId = input.teamId ?? null;
    if ((input.accountType === 'systemAdmin') !== (teamId === null)) {
      throw new ValidationError('teamId', 'a systemAdmin has no team; other accounts need one');
    }
    if (input.creditLimitE4 !== undefined) {
      requireIntInRange('creditLimitE4', input.creditLimitE4, 0, Number.MAX_SAFE_INTEGER);
    }
    return this.#ctx.write((db) => {
      if (teamId !== null) this.#checkQuota(db, teamId);
      this.#assertUsernameFree(db, teamId, input.username);
      const now = this.#ctx.now();
      return db
        .insert(accounts)
        .values({ ...input, teamId, createdAt: now, updatedAt: now })
        .returning(publicColumns)
        .get();
    });
  }

  get(id: number): Account {
    const account = this.find(id);
    if (account === undefined) throw new NotFoundError('account', id);
    return account;
  }

  /**
   * The row with `id`, or undefined. Called on every request that names an
   * object, so the statement is prepared on first use and reused.
   */
  find(id: number): Account | undefined {
    return this.#ctx.cached(`account:${id}`, () => {
      this.#findStatement ??= prepareFind(this.#ctx.db);
      return this.#findStatement.get({ id });
    });
  }

  /** The account `username` of a team, or of the system when teamId is null. */
  findByUsername(teamId: number | null, username: string): Account | undefined {
    return this.#ctx.db
      .select(publicColumns)
      .from(accounts)
      .where(and(teamCondition(teamId), eq(accounts.username, username)))
      .get();
  }

  /**
   * Ids of the accounts named `username` in a team, or in every team and
   * the system when teamId is undefined, for the 用户名 search field.
   */
  idsByUsername(username: string, teamId?: number): number[] {
    const team = teamId === undefined ? undefined : teamCondition(teamId);
    return selectIds(
      this.#ctx.db,
      accounts,
      accounts.id,
      and(team, eq(accounts.username, username)),
    );
  }

  /** Accounts of a team, of the system (null), or all (undefined). */
  list(teamId?: number | null): Account[] {
    const query = this.#ctx.db.select(publicColumns).from(accounts);
    const filtered = teamId === undefined ? query : query.where(teamCondition(teamId));
    return filtered.orderBy(asc(accounts.id)).all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Account> | undefined {
    return selectKeysetPage<Account>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: AccountUpdate): Account {
    if (patch.creditLimitE4 !== undefined) {
      requireIntInRange('creditLimitE4', patch.creditLimitE4, 0, Number.MAX_SAFE_INTEGER);
    }
    return this.#ctx.write((db) => {
      const account = db
        .update(accounts)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(accounts.id, id))
        .returning(publicColumns)
        .get();
      if (account === undefined) throw new NotFoundError('account', id);
      return account;
    });
  }

  /** Replaces the password hash (from hashPassword()). */
  setPasswordHash(id: number, passwordHash: string): void {
    if (!isPasswordHash(passwordHash)) {
      throw new ValidationError('passwordHash', 'passwordHash must come from hashPassword()');
    }
    this.#ctx.write((db) => {
      const result = db
        .update(accounts)
        .set({ passwordHash, updatedAt: this.#ctx.now() })
        .where(eq(accounts.id, id))
        .run();
      if (result.changes === 0) throw new NotFoundError('account', id);
    });
  }

  /** The stored hash, for verifyPassword() at login; never for listing. */
  getPasswordHash(id: number): string {
    const row = this.#ctx.db
      .select({ passwordHash: accounts.passwordHash })
      .from(accounts)
      .where(eq(accounts.id, id))
      .get();
    if (row === undefined) throw new NotFoundError('account', id);
    return row.passwordHash;
  }

  /** Deletes an account; one that still owns extensions raises ERR_REFERENCE. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(accounts).where(eq(accounts.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('account', id);
    });
  }

  #checkQuota(db: StoreDb, teamId: number): void {
    const team = db
      .select({ maxAccounts: teams.maxAccounts })
      .from(teams)
      .where(eq(teams.id, teamId))
      .get();
    if (team === undefined) throw new NotFoundError('team', teamId);
    const used = db.select({ n: count() }).from(accounts).where(eq(accounts.teamId, teamId)).get();
    if ((used?.n ?? 0) >= team.maxAccounts) {
      throw new QuotaExceededError('accounts', team.maxAccounts);
    }
  }

  #assertUsernameFree(db: StoreDb, teamId: number | null, username: string): void {
    const clash = (condition: SQL) =>
      db
        .select({ id: accounts.id })
        .from(accounts)
        .where(and(condition, eq(accounts.username, username)))
        .get() !== undefined;
    if (clash(teamCondition(teamId))) {
      throw new ConflictError('ERR_USERNAME_TAKEN', `username ${username} is taken`, 'username');
    }
    if (teamId !== null && clash(isNull(accounts.teamId))) {
      throw new ConflictError(
        'ERR_USERNAME_RESERVED',
        `username ${username} belongs to a system administrator (AC-1)`,
        'username',
      );
    }
  }
}
