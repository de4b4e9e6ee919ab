import { count, eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { NotFoundError, QuotaExceededError, ValidationError } from '../index.ts';
import type { FAILOVER_TYPES, INBOUND_DESTINATION_TYPES } from './schema.ts';
import {
  accounts,
  agents,
  applications,
  conferenceRooms,
  dids,
  ivrFlows,
  voicemailBoxes,
  extensions,
  queues,
  ringGroups,
  teams,
  trunkGroups,
  trunks,
  workHours,
} from './schema.ts';
import type { StoreDb } from './store-context.ts';

/*
 * Checks shared by the repositories of team-owned PBX objects. A reference
 * to an object of another team fails with the same message as a reference
 * to no object at all, so that an admin API error never confirms that an id
 * exists in another tenant.
 */

/** Objects a team-owned row may point at. */
export type TeamObjectKind =
  | 'account'
  | 'agent'
  | 'did'
  | 'extension'
  | 'queue'
  | 'ringGroup'
  | 'trunkGroup'
  | 'workHours'
  | 'ivr'
  | 'conference'
  | 'voicemail'
  | 'application';

/** A failover destination type (spec 02 §0.5). */
export type FailoverType = (typeof FAILOVER_TYPES)[number];

/** Where an inbound route sends a call (spec 02 §3.6). */
export type InboundDestinationType = (typeof INBOUND_DESTINATION_TYPES)[number];

/** Destination types that take no target object. */
const TARGETLESS: ReadonlySet<string> = new Set(['hangup', 'busy', 'end']);

type TeamOf = (db: StoreDb, id: number) => { teamId: number | null } | undefined;

const TEAM_OF: Record<TeamObjectKind, TeamOf> = {
  account: (db, id) =>
    db.select({ teamId: accounts.teamId }).from(accounts).where(eq(accounts.id, id)).get(),
  agent: (db, id) =>
    db.select({ teamId: agents.teamId }).from(agents).where(eq(agents.id, id)).get(),
  did: (db, id) => db.select({ teamId: dids.teamId }).from(dids).where(eq(dids.id, id)).get(),
  extension: (db, id) =>
    db.select({ teamId: extensions.teamId }).from(extensions).where(eq(extensions.id, id)).get(),
  queue: (db, id) =>
    db.select({ teamId: queues.teamId }).from(queues).where(eq(queues.id, id)).get(),
  ringGroup: (db, id) =>
    db.select({ teamId: ringGroups.teamId }).from(ringGroups).where(eq(ringGroups.id, id)).get(),
  trunkGroup: (db, id) =>
    db.select({ teamId: trunkGroups.teamId }).from(trunkGroups).where(eq(trunkGroups.id, id)).get(),
  workHours: (db, id) =>
    db.select({ teamId: workHours.teamId }).from(workHours).where(eq(workHours.id, id)).get(),
  ivr: (db, id) =>
    db.select({ teamId: ivrFlows.teamId }).from(ivrFlows).where(eq(ivrFlows.id, id)).get(),
  conference: (db, id) =>
    db
      .select({ teamId: conferenceRooms.teamId })
      .from(conferenceRooms)
      .where(eq(conferenceRooms.id, id))
      .get(),
  voicemail: (db, id) =>
    db
      .select({ teamId: voicemailBoxes.teamId })
      .from(voicemailBoxes)
      .where(eq(voicemailBoxes.id, id))
      .get(),
  application: (db, id) =>
    db
      .select({ teamId: applications.teamId })
      .from(applications)
      .where(eq(applications.id, id))
      .get(),
};

/** Throws NotFoundError unless the team exists. */
export function requireTeam(db: StoreDb, teamId: number): typeof teams.$inferSelect {
  const team = db.select().from(teams).where(eq(teams.id, teamId)).get();
  if (team === undefined) throw new NotFoundError('team', teamId);
  return team;
}

/** Throws ValidationError on `field` unless `kind` `id` is in `teamId`. */
export function assertInTeam(
  db: StoreDb,
  kind: TeamObjectKind,
  id: number,
  teamId: number,
  field: string,
): void {
  if (TEAM_OF[kind](db, id)?.teamId !== teamId) {
    throw new ValidationError(field, `no ${kind} ${id} in this team`);
  }
}

/** The trunk must be the team's own or system-wide (TRK-1). */
export function assertTrunkUsable(
  db: StoreDb,
  trunkId: number,
  teamId: number,
  field = 'trunkId',
): void {
  const trunk = db
    .select({ teamId: trunks.teamId })
    .from(trunks)
    .where(eq(trunks.id, trunkId))
    .get();
  if (trunk === undefined || (trunk.teamId !== null && trunk.teamId !== teamId)) {
    throw new ValidationError(field, `no trunk ${trunkId} usable by this team`);
  }
}

/**
 * A destination (spec 02 §0.5): hangup, busy and end take no target;
 * extension, ringGroup and queue need one of the same team. `self` rejects
 * an object that sends calls to itself, a loop.
 */
export function assertDestination(
  db: StoreDb,
  teamId: number,
  type: FailoverType | InboundDestinationType,
  targetId: number | null | undefined,
  field: string,
  self?: { kind: TeamObjectKind; id: number },
): void {
  if (TARGETLESS.has(type)) {
    if (targetId != null) throw new ValidationError(field, `destination ${type} takes no target`);
    return;
  }
  if (targetId == null) throw new ValidationError(field, `destination ${type} needs ${field}`);
  const kind = type as TeamObjectKind;
  if (self !== undefined && self.kind === kind && self.id === targetId) {
    throw new ValidationError(field, `a ${type} cannot send calls to itself`);
  }
  assertInTeam(db, kind, targetId, teamId, field);
}

/** A ring-group or queue failover (RG-3, Q-10); see assertDestination(). */
export function assertFailover(
  db: StoreDb,
  teamId: number,
  type: FailoverType,
  targetId: number | null | undefined,
  self?: { kind: TeamObjectKind; id: number },
): void {
  assertDestination(db, teamId, type, targetId, 'failoverTargetId', self);
}

/** Ids that appear more than once, for member lists. */
export function assertNoDuplicates(field: string, ids: readonly number[]): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new ValidationError(field, `${id} is listed twice`);
    seen.add(id);
  }
}

/**
 * Throws ERR_QUOTA_EXCEEDED if the team already has `limit` rows in
 * `table` (TM-2, spec §0.4).
 */
export function checkTeamQuota(
  db: StoreDb,
  table: SQLiteTable,
  teamColumn: SQLiteColumn,
  teamId: number,
  limit: number,
  what: string,
): void {
  const used = db.select({ n: count() }).from(table).where(eq(teamColumn, teamId)).get();
  if ((used?.n ?? 0) >= limit) throw new QuotaExceededError(what, limit);
}

/** Bound parameters per statement, well under SQLite's limit of 32766. */
const CHUNK = 500;

/**
 * `items` in slices of at most 500, so that an `IN (…)` over all the groups
 * of every team (a superadmin's list) stays within SQLite's parameter limit.
 */
export function chunked<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
