import { and, asc, eq, getTableColumns, inArray, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import type { AGENT_WORK_MODES, MEMBERSHIP_TYPES, OUTBOUND_ATTRIBUTES } from './schema.ts';
import { agentGroupMembers, agentGroups } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertInTeam, assertNoDuplicates, chunked, requireTeam } from './team-objects.ts';
import { requireIntInRange, requireNonBlank } from './validate.ts';
import { selectKeysetPage } from './keyset-page.ts';
import type { KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

type AgentGroupRow = typeof agentGroups.$inferSelect;

/** One member of an agent group (spec §1.6 `AgentGroupMember`). */
export interface AgentGroupMember {
  agentId: number;
  /** GRP-3; the spec's default is 20. */
  priority: number;
  isGroupAdmin: boolean;
  /** GRP-2: static members stay in the queue, dynamic ones join on sign-in. */
  membershipType: (typeof MEMBERSHIP_TYPES)[number];
  /** GRP-4: the member's own work mode; null takes the group's. */
  workMode: (typeof AGENT_WORK_MODES)[number] | null;
  /** GRP-5: the member's own 外呼属性; null takes the group's. */
  outboundAttribute: (typeof OUTBOUND_ATTRIBUTES)[number] | null;
  /** GRP-14: the agent may clear its own erroneous call data. */
  canDeleteErrorCallData: boolean;
}

/** A member as callers give it; unset fields take the spec's defaults. */
export type AgentGroupMemberInput = Pick<AgentGroupMember, 'agentId'> &
  Partial<Omit<AgentGroupMember, 'agentId'>>;

/** An agent group with its members, in the order they were given. */
export type AgentGroup = AgentGroupRow & { members: AgentGroupMember[] };

/** Fields of a new agent group. */
export type NewAgentGroup = Omit<
  typeof agentGroups.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
> & {
  members?: AgentGroupMemberInput[] | undefined;
};

/** Changes to an agent group; `members` replaces the whole list. */
export type AgentGroupUpdate = Partial<Omit<NewAgentGroup, 'teamId'>>;

function validateAgentGroup(input: AgentGroupUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.wrapUpAutoEndSec !== undefined) {
    requireIntInRange('wrapUpAutoEndSec', input.wrapUpAutoEndSec, 0, 86_400);
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: agentGroups,
  id: agentGroups.id,
  selection: getTableColumns(agentGroups),
  scope: (teamId) => eq(agentGroups.teamId, teamId),
};

/** Agent groups: the agents a queue offers calls to (spec §1.6, GRP-1). */
export class AgentGroupsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewAgentGroup): AgentGroup {
    validateAgentGroup(input);
    const { members, ...fields } = input;
    return this.#ctx.write((db) => {
      requireTeam(db, fields.teamId);
      this.#assertFields(db, fields.teamId, fields, undefined);
      const now = this.#ctx.now();
      const row = db
        .insert(agentGroups)
        .values({ ...fields, createdAt: now, updatedAt: now })
        .returning()
        .get();
      this.#replaceMembers(db, row, members ?? []);
      return this.#withMembers(db, row);
    });
  }

  find(id: number): AgentGroup | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(agentGroups).where(eq(agentGroups.id, id)).get();
    return row && this.#withMembers(db, row);
  }

  /** Agent groups of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): AgentGroup[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(agentGroups)
      .where(teamId === undefined ? undefined : eq(agentGroups.teamId, teamId))
      .orderBy(asc(agentGroups.id))
      .all();
    const members =
      rows.length === 0
        ? new Map<number, never[]>()
        : this.#membersOf(
            db,
            rows.map((r) => r.id),
          );
    return rows.map((row) => ({ ...row, members: members.get(row.id) ?? [] }));
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<AgentGroup> | undefined {
    const db = this.#ctx.db;
    const page = selectKeysetPage<AgentGroupRow>(db, KEYSET_SOURCE, request);
    if (page === undefined) return undefined;
    const ids = page.items.map((row) => row.id);
    const members = ids.length === 0 ? new Map<number, never[]>() : this.#membersOf(db, ids);
    const items = page.items.map((row) => ({ ...row, members: members.get(row.id) ?? [] }));
    return { items, hasMore: page.hasMore };
  }

  update(id: number, patch: AgentGroupUpdate): AgentGroup {
    validateAgentGroup(patch);
    const { members, ...fields } = patch;
    return this.#ctx.write((db) => {
      const current = db.select().from(agentGroups).where(eq(agentGroups.id, id)).get();
      if (current === undefined) throw new NotFoundError('agent group', id);
      this.#assertFields(db, current.teamId, fields, id);
      const row = db
        .update(agentGroups)
        .set({ ...fields, updatedAt: this.#ctx.now() })
        .where(eq(agentGroups.id, id))
        .returning()
        .get()!;
      if (members !== undefined) this.#replaceMembers(db, row, members);
      return this.#withMembers(db, row);
    });
  }

  /** Deletes a group; its memberships go with it, the agents stay. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(agentGroups).where(eq(agentGroups.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('agent group', id);
    });
  }

  #assertFields(
    db: StoreDb,
    teamId: number,
    fields: AgentGroupUpdate,
    selfId: number | undefined,
  ): void {
    if (fields.queueId != null) assertInTeam(db, 'queue', fields.queueId, teamId, 'queueId');
    if (fields.name === undefined) return;
    const other = db
      .select({ id: agentGroups.id })
      .from(agentGroups)
      .where(
        and(
          eq(agentGroups.teamId, teamId),
          eq(agentGroups.name, fields.name),
          selfId === undefined ? undefined : ne(agentGroups.id, selfId),
        ),
      )
      .get();
    if (other !== undefined) {
      throw new ConflictError(
        'ERR_NAME_TAKEN',
        `agent group ${fields.name} already exists`,
        'name',
      );
    }
  }

  /** Members are agents of the group's team; an agent may be in several groups. */
  #replaceMembers(db: StoreDb, group: AgentGroupRow, members: AgentGroupMemberInput[]): void {
    const ids = members.map((m) => m.agentId);
    assertNoDuplicates('members', ids);
    for (const agentId of ids) assertInTeam(db, 'agent', agentId, group.teamId, 'members');
    for (const m of members) {
      if (m.priority !== undefined) requireIntInRange('priority', m.priority, 0, 1000);
    }
    db.delete(agentGroupMembers).where(eq(agentGroupMembers.groupId, group.id)).run();
    if (members.length === 0) return;
    db.insert(agentGroupMembers)
      .values(members.map((m) => ({ ...m, groupId: group.id })))
      .run();
  }

  #withMembers(db: StoreDb, row: AgentGroupRow): AgentGroup {
    return { ...row, members: this.#membersOf(db, [row.id]).get(row.id) ?? [] };
  }

  #membersOf(db: StoreDb, groupIds: number[]): Map<number, AgentGroupMember[]> {
    const rows = chunked(groupIds).flatMap((ids) =>
      db
        .select()
        .from(agentGroupMembers)
        .where(inArray(agentGroupMembers.groupId, ids))
        .orderBy(asc(agentGroupMembers.id))
        .all(),
    );
    const out = new Map<number, AgentGroupMember[]>();
    for (const row of rows) {
      const list = out.get(row.groupId) ?? [];
      list.push({
        agentId: row.agentId,
        priority: row.priority,
        isGroupAdmin: row.isGroupAdmin,
        membershipType: row.membershipType,
        workMode: row.workMode,
        outboundAttribute: row.outboundAttribute,
        canDeleteErrorCallData: row.canDeleteErrorCallData,
      });
      out.set(row.groupId, list);
    }
    return out;
  }
}
