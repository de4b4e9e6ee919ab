import { and, asc, eq, getTableColumns, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { isPasswordHash } from './password-hash.ts';
import { agents } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertInTeam, checkTeamQuota, requireTeam } from './team-objects.ts';
import { requireMatch } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import { SEARCH_INDEXES } from './search-index.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** An agent as returned to callers: everything but the password hashes. */
export type Agent = Omit<typeof agents.$inferSelect, 'passwordHash' | 'apiPasswordHash'>;

/** Fields of a new agent; the caller hashes the password with hashPassword(). */
export type NewAgent = Omit<typeof agents.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes to an agent; the team and the owning account are fixed. */
export type AgentUpdate = Partial<
  Omit<NewAgent, 'teamId' | 'accountId' | 'passwordHash' | 'apiPasswordHash'>
>;

/** AGT-1: an agent number is digits only; it is spoken to callers. */
export const AGENT_NO_PATTERN = /^[0-9]{1,20}$/;

const {
  passwordHash: _omitted,
  apiPasswordHash: _omittedApi,
  ...publicColumns
} = getTableColumns(agents);

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: agents,
  id: agents.id,
  selection: publicColumns,
  scope: (teamId) => eq(agents.teamId, teamId),
  search: SEARCH_INDEXES.agents,
};

/** Call-centre agents, each owned by an account of its team (spec §1.5). */
export class AgentsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates an agent: the account must be of the team, the number free in
   * the team (AGT-1) and the team's maxAgents not reached (spec §0.4).
   */
  create(input: NewAgent): Agent {
    requireMatch('agentNo', input.agentNo, AGENT_NO_PATTERN, 'digits (AGT-1)');
    this.#assertHash(input.passwordHash);
    return this.#ctx.write((db) => {
      const team = requireTeam(db, input.teamId);
      checkTeamQuota(db, agents, agents.teamId, team.id, team.maxAgents, 'agents');
      assertInTeam(db, 'account', input.accountId, team.id, 'accountId');
      this.#assertNumberFree(db, team.id, input.agentNo, undefined);
      const now = this.#ctx.now();
      return db
        .insert(agents)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning(publicColumns)
        .get();
    });
  }

  find(id: number): Agent | undefined {
    return this.#ctx.db.select(publicColumns).from(agents).where(eq(agents.id, id)).get();
  }

  findByAgentNo(teamId: number, agentNo: string): Agent | undefined {
    return this.#ctx.db
      .select(publicColumns)
      .from(agents)
      .where(and(eq(agents.teamId, teamId), eq(agents.agentNo, agentNo)))
      .get();
  }

  /** The stored hash, for agent sign-in (AGT-5) and phone operations. */
  getPasswordHash(id: number): string {
    const row = this.#ctx.db
      .select({ hash: agents.passwordHash })
      .from(agents)
      .where(eq(agents.id, id))
      .get();
    if (row === undefined) throw new NotFoundError('agent', id);
    return row.hash;
  }

  /** AGT-8: the hash of the API password, or null when none was set. */
  getApiPasswordHash(id: number): string | null {
    const row = this.#ctx.db
      .select({ hash: agents.apiPasswordHash })
      .from(agents)
      .where(eq(agents.id, id))
      .get();
    if (row === undefined) throw new NotFoundError('agent', id);
    return row.hash;
  }

  /** AGT-8: sets (from hashPassword()) or clears the API password. */
  setApiPasswordHash(id: number, apiPasswordHash: string | null): void {
    if (apiPasswordHash !== null) this.#assertHash(apiPasswordHash);
    this.#ctx.write((db) => {
      const result = db
        .update(agents)
        .set({ apiPasswordHash, updatedAt: this.#ctx.now() })
        .where(eq(agents.id, id))
        .run();
      if (result.changes === 0) throw new NotFoundError('agent', id);
    });
  }

  /** Agents of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): Agent[] {
    return this.#ctx.db
      .select(publicColumns)
      .from(agents)
      .where(teamId === undefined ? undefined : eq(agents.teamId, teamId))
      .orderBy(asc(agents.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Agent> | undefined {
    return selectKeysetPage<Agent>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: AgentUpdate): Agent {
    if (patch.agentNo !== undefined) {
      requireMatch('agentNo', patch.agentNo, AGENT_NO_PATTERN, 'digits (AGT-1)');
    }
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('agent', id);
      if (patch.agentNo !== undefined) {
        this.#assertNumberFree(db, current.teamId, patch.agentNo, id);
      }
      return db
        .update(agents)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(agents.id, id))
        .returning(publicColumns)
        .get()!;
    });
  }

  /** Sets a new password hash (from hashPassword()). */
  setPasswordHash(id: number, passwordHash: string): void {
    this.#assertHash(passwordHash);
    this.#ctx.write((db) => {
      const result = db
        .update(agents)
        .set({ passwordHash, updatedAt: this.#ctx.now() })
        .where(eq(agents.id, id))
        .run();
      if (result.changes === 0) throw new NotFoundError('agent', id);
    });
  }

  /** Deletes an agent; refused (ERR_REFERENCE) while an agent group lists it. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(agents).where(eq(agents.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('agent', id);
    });
  }

  #assertNumberFree(db: StoreDb, teamId: number, agentNo: string, selfId: number | undefined) {
    const other = db
      .select({ id: agents.id })
      .from(agents)
      .where(
        and(
          eq(agents.teamId, teamId),
          eq(agents.agentNo, agentNo),
          selfId === undefined ? undefined : ne(agents.id, selfId),
        ),
      )
      .get();
    if (other !== undefined) {
      throw new ConflictError(
        'ERR_AGENT_NO_TAKEN',
        `agent number ${agentNo} is already used in this team (AGT-1)`,
        'agentNo',
      );
    }
  }

  #assertHash(passwordHash: string): void {
    if (!isPasswordHash(passwordHash)) {
      throw new ValidationError('passwordHash', 'passwordHash must come from hashPassword()');
    }
  }
}
