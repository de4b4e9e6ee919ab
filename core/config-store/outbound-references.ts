import { and, eq, or } from 'drizzle-orm';
import { ValidationError } from '../index.ts';
import type { OUTBOUND_ROUTE_ACTIONS, OUTBOUND_TARGET_TYPES } from './schema.ts';
import { outboundRoutes, teams, trunks } from './schema.ts';
import type { StoreDb } from './store-context.ts';
import { assertInTeam } from './team-objects.ts';

/*
 * The polymorphic references of outbound routing: a team's default target
 * (TM-5) and an outbound route's action target (OR-4). Neither has a
 * foreign key, so these checks are what keeps them pointing at something.
 */

/** A team's default outbound target type (TM-5). */
export type OutboundTargetType = (typeof OUTBOUND_TARGET_TYPES)[number];

/** What an outbound route does with a call (OR-4). */
export type OutboundRouteAction = (typeof OUTBOUND_ROUTE_ACTIONS)[number];

/** Resources that can refer to a trunk, trunk group, ring group or queue here. */
export type OutboundReferrerResource = 'team' | 'outboundRoute';

/** What a probe finds. */
export type OutboundReferrer = { resource: OutboundReferrerResource; id: number; name: string };

/**
 * TM-5: a team's target is one of its trunk groups, or a trunk of its own
 * or a system trunk (TRK-1); `none` takes no id. Absent and foreign ids get
 * the same 400, naming `outboundTargetId`.
 */
export function assertTeamOutboundTarget(
  db: StoreDb,
  teamId: number | undefined,
  type: OutboundTargetType,
  id: number | null | undefined,
  field: 'outboundTargetId' | 'externalAgentTrunkId' = 'outboundTargetId',
): void {
  const typeField = field === 'outboundTargetId' ? 'outboundTargetType' : 'externalAgentTrunkType';
  if (type === 'none') {
    if (id != null) throw new ValidationError(field, `${typeField} none takes no target`);
    return;
  }
  if (id == null) throw new ValidationError(field, `${typeField} ${type} needs ${field}`);
  if (type === 'trunk') {
    const trunk = db.select({ teamId: trunks.teamId }).from(trunks).where(eq(trunks.id, id)).get();
    if (trunk === undefined || (trunk.teamId !== null && trunk.teamId !== teamId)) {
      throw new ValidationError(field, `no trunk ${id} usable by this team`);
    }
    return;
  }
  if (teamId === undefined) throw new ValidationError(field, `no trunkGroup ${id} in this team`);
  assertInTeam(db, 'trunkGroup', id, teamId, field);
}

/**
 * OR-4: a `ringGroup` or `queue` action names one of the team's; `dialOut`
 * and `end` take no target, and `end` no trunk either.
 */
export function assertRouteAction(
  db: StoreDb,
  teamId: number,
  route: { action: OutboundRouteAction; actionTargetId: number | null; trunkId: number | null },
): void {
  const field = 'actionTargetId';
  if (route.action === 'dialOut' || route.action === 'end') {
    if (route.actionTargetId !== null) {
      throw new ValidationError(field, `action ${route.action} takes no ${field}`);
    }
    if (route.action === 'end' && route.trunkId !== null) {
      throw new ValidationError('trunkId', 'action end takes no trunk');
    }
    return;
  }
  if (route.actionTargetId === null) {
    throw new ValidationError(field, `action ${route.action} needs ${field}`);
  }
  if (route.trunkId !== null) {
    throw new ValidationError('trunkId', `action ${route.action} takes no trunk`);
  }
  assertInTeam(db, route.action, route.actionTargetId, teamId, field);
}

/**
 * The team whose default outbound target (TM-5) or external-agent trunk
 * (TM-13) is trunk or trunk group `id`.
 */
export function outboundTargetReferrer(
  db: StoreDb,
  type: 'trunk' | 'trunkGroup',
  id: number,
): OutboundReferrer | undefined {
  const team = db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(
      or(
        and(eq(teams.outboundTargetType, type), eq(teams.outboundTargetId, id)),
        and(eq(teams.externalAgentTrunkType, type), eq(teams.externalAgentTrunkId, id)),
      ),
    )
    .get();
  return team && { resource: 'team', ...team };
}

/** The outbound route whose action hands calls to ring group or queue `id` (OR-4). */
export function outboundActionReferrer(
  db: StoreDb,
  action: 'ringGroup' | 'queue',
  id: number,
): OutboundReferrer | undefined {
  const route = db
    .select({ id: outboundRoutes.id, name: outboundRoutes.name })
    .from(outboundRoutes)
    .where(and(eq(outboundRoutes.action, action), eq(outboundRoutes.actionTargetId, id)))
    .get();
  return route && { resource: 'outboundRoute', ...route };
}
