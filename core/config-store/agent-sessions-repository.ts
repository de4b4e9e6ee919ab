import { asc, eq } from 'drizzle-orm';
import { agentSessions } from './schema.ts';
import type { StoreContext } from './store-context.ts';

/** One signed-in agent as stored (spec §1.5 签入); group ids decoded. */
export type AgentSessionRow = Omit<typeof agentSessions.$inferSelect, 'groupIds'> & {
  groupIds: number[];
};

/**
 * Agent sessions on disk, so that a restart keeps who is signed in, paused
 * or in wrap-up. Each write is one transaction (STYLE §4.6).
 */
export class AgentSessionsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Every stored session, for the agents' runtime at start. */
  loadAll(): AgentSessionRow[] {
    return this.#ctx.db
      .select()
      .from(agentSessions)
      .orderBy(asc(agentSessions.agentId))
      .all()
      .map((row) => ({ ...row, groupIds: decodeIds(row.groupIds) }));
  }

  /** Writes the agent's session whole, replacing the one stored. */
  save(row: AgentSessionRow): void {
    const values = { ...row, groupIds: JSON.stringify(row.groupIds) };
    const { agentId: _agentId, ...changed } = values;
    this.#ctx.write((db) =>
      db
        .insert(agentSessions)
        .values(values)
        .onConflictDoUpdate({ target: agentSessions.agentId, set: changed })
        .run(),
    );
  }

  /** Forgets the agent's session (sign-out); nothing when there is none. */
  remove(agentId: number): void {
    this.#ctx.write((db) =>
      db.delete(agentSessions).where(eq(agentSessions.agentId, agentId)).run(),
    );
  }
}

/** Group ids from their JSON column; anything but integers is dropped. */
function decodeIds(json: string): number[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : [];
  } catch {
    return [];
  }
}
