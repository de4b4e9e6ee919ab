import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { NotFoundError } from '../index.ts';
import type { API_TOKEN_KINDS } from './schema.ts';
import { accounts, agents, apiTokens } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';

/** A session or an API key. */
export type ApiTokenKind = (typeof API_TOKEN_KINDS)[number];

/**
 * A token as listed: never the token itself, nor its hash. Agent tokens
 * (AGT-8) are sessions, which no route lists, so agentId is left out.
 */
export type ApiToken = Omit<typeof apiTokens.$inferSelect, 'tokenHash' | 'agentId'>;

/** What a valid bearer token stands for, read in one query per request. */
export interface ApiTokenOwner {
  tokenId: number;
  kind: ApiTokenKind;
  accountId: number;
  teamId: number | null;
  username: string;
  accountType: (typeof accounts.$inferSelect)['accountType'];
  status: (typeof accounts.$inferSelect)['status'];
  /** AGT-8: the agent an agent token acts for; null for an account's. */
  agentId: number | null;
  /** The agent's number (AGT-1); null for an account's token. */
  agentNo: string | null;
  /** The agent's status; null for an account's token. */
  agentStatus: (typeof agents.$inferSelect)['status'] | null;
}

/** A token prefix, so that leaked tokens are easy to recognise in logs and scans. */
const TOKEN_PREFIX = 'swy_';
const TOKEN_BYTES = 32;

/** SHA-256 of the token, hex: the only form the store keeps. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const publicColumns = {
  id: apiTokens.id,
  kind: apiTokens.kind,
  accountId: apiTokens.accountId,
  teamId: apiTokens.teamId,
  name: apiTokens.name,
  expiresAt: apiTokens.expiresAt,
  createdAt: apiTokens.createdAt,
};

/**
 * The statement behind authenticate(), with the token hash and the time as
 * placeholders. It runs on every API request; building the query through
 * drizzle and compiling it each time cost more than the lookup itself.
 */
function prepareAuthenticate(db: StoreDb) {
  const now = sql.placeholder('now');
  return db
    .select({
      tokenId: apiTokens.id,
      kind: apiTokens.kind,
      accountId: apiTokens.accountId,
      teamId: accounts.teamId,
      username: accounts.username,
      accountType: accounts.accountType,
      status: accounts.status,
      agentId: apiTokens.agentId,
      agentNo: agents.agentNo,
      agentStatus: agents.status,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .leftJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .prepare();
}

/**
 * Bearer credentials of the admin API. A token is 256 random bits from the
 * CSPRNG (randomBytes, not randomToken(), whose modulo mapping is biased),
 * returned once by issue() and stored only as its SHA-256.
 */
export class ApiTokensRepository {
  readonly #ctx: StoreContext;
  #authenticateStatement: ReturnType<typeof prepareAuthenticate> | undefined;
  /**
   * Moves on every token write of this connection. api_tokens is not in the
   * change stamp (a login would empty every cache), so cached lookups carry
   * this in their key instead; another process's revoke is a commit, which
   * moves the stamp and empties the read cache.
   */
  #generation = 0;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a token for an account, or with `agentId` one that acts only for
   * that agent (AGT-8); the clear token is in the result only.
   */
  issue(input: {
    kind: ApiTokenKind;
    accountId: number;
    agentId?: number | null;
    name?: string | null;
    expiresAt: Date | null;
  }): { token: string; record: ApiToken } {
    const token = TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
    this.#generation++;
    const record = this.#ctx.write((db) => {
      const account = db
        .select({ teamId: accounts.teamId })
        .from(accounts)
        .where(eq(accounts.id, input.accountId))
        .get();
      if (account === undefined) throw new NotFoundError('account', input.accountId);
      return db
        .insert(apiTokens)
        .values({
          tokenHash: hashApiToken(token),
          kind: input.kind,
          accountId: input.accountId,
          teamId: account.teamId,
          agentId: input.agentId ?? null,
          name: input.name ?? null,
          expiresAt: input.expiresAt,
          createdAt: this.#ctx.now(),
        })
        .returning(publicColumns)
        .get();
    });
    return { token, record };
  }

  /**
   * The owner of an unexpired token, or undefined. It runs on every API
   * request, so the row goes through the read cache: an indexed lookup with
   * drizzle's mapping cost about 40 µs, a sixth of a cached list page.
   * Expiry is checked at each use, so a cached row never outlives its
   * token. Nothing is written per request: the table keeps no last-used
   * time.
   */
  authenticate(token: string): ApiTokenOwner | undefined {
    const tokenHash = hashApiToken(token);
    const row = this.#ctx.cached(`apiToken:${this.#generation}:${tokenHash}`, () => {
      this.#authenticateStatement ??= prepareAuthenticate(this.#ctx.db);
      return this.#authenticateStatement.get({
        tokenHash,
        // A placeholder is bound as given, so the Date goes in as stored.
        now: apiTokens.expiresAt.mapToDriverValue(this.#ctx.now()),
      });
    });
    if (row === undefined) return undefined;
    const { expiresAt, ...owner } = row;
    if (expiresAt !== null && expiresAt.getTime() <= this.#ctx.now().getTime()) return undefined;
    return owner;
  }

  find(id: number): ApiToken | undefined {
    return this.#ctx.db.select(publicColumns).from(apiTokens).where(eq(apiTokens.id, id)).get();
  }

  /** Unexpired tokens of one kind, of an account, a team, or all. */
  list(kind: ApiTokenKind, scope: { accountId?: number; teamId?: number } = {}): ApiToken[] {
    const conditions: SQL[] = [eq(apiTokens.kind, kind), this.#unexpired()];
    if (scope.accountId !== undefined) conditions.push(eq(apiTokens.accountId, scope.accountId));
    if (scope.teamId !== undefined) conditions.push(eq(apiTokens.teamId, scope.teamId));
    return this.#ctx.db
      .select(publicColumns)
      .from(apiTokens)
      .where(and(...conditions))
      .orderBy(asc(apiTokens.id))
      .all();
  }

  /** Revokes a token. */
  revoke(id: number): void {
    this.#generation++;
    this.#ctx.write((db) => {
      const result = db.delete(apiTokens).where(eq(apiTokens.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('API token', id);
    });
  }

  /** Deletes expired tokens; returns how many. */
  deleteExpired(): number {
    const now = this.#ctx.now();
    this.#generation++;
    return this.#ctx.write(
      (db) => db.delete(apiTokens).where(lte(apiTokens.expiresAt, now)).run().changes,
    );
  }

  #unexpired(): SQL {
    return or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, this.#ctx.now()))!;
  }
}
