import { and, eq } from 'drizzle-orm';
import {
  accountGroupMembers,
  accountGroups,
  agentGroupMembers,
  agentGroups,
  agents,
  callerListEntries,
  conferenceRooms,
  didGroups,
  inboundRoutes,
  parkingLots,
  queues,
  ringGroupMembers,
  ringGroups,
  trunkGroupMembers,
  trunkGroups,
  workHours,
} from './schema.ts';
import type { StoreDb } from './store-context.ts';
import type { InboundDestinationType } from './team-objects.ts';

/*
 * Referrer probes for the PBX objects of spec 01 §1.4–§2.4 and spec 02
 * §3.1. Failover targets are polymorphic (spec 02 §0.5) and have no foreign
 * key, so these probes are their only guard against a dangling target.
 */

/** Resources that can refer to another object among the PBX objects. */
export type PbxReferrerResource =
  | 'accountGroup'
  | 'agent'
  | 'agentGroup'
  | 'ringGroup'
  | 'queue'
  | 'conferenceRoom'
  | 'didGroup'
  | 'trunkGroup'
  | 'inboundRoute'
  | 'callerListEntry'
  | 'parkingLot'
  | 'workHours';

/** What a probe finds. */
export type PbxReferrer = { resource: PbxReferrerResource; id: number; name: string };

type Probe = () => { id: number; name: string } | undefined;

function first(probes: Array<[PbxReferrerResource, Probe]>): PbxReferrer | undefined {
  for (const [resource, probe] of probes) {
    const row = probe();
    if (row) return { resource, ...row };
  }
  return undefined;
}

/**
 * Ring groups and queues failing over to `type` `id`, and inbound routes
 * sending calls to it; an object never
 * fails over to itself (assertFailover), so no self-exclusion is needed.
 */
function failoverProbes(
  db: StoreDb,
  type: 'extension' | 'ringGroup' | 'queue',
  id: number,
): Array<[PbxReferrerResource, Probe]> {
  return [
    [
      'ringGroup',
      () =>
        db
          .select({ id: ringGroups.id, name: ringGroups.name })
          .from(ringGroups)
          .where(and(eq(ringGroups.failoverType, type), eq(ringGroups.failoverTargetId, id)))
          .get(),
    ],
    [
      'queue',
      () =>
        db
          .select({ id: queues.id, name: queues.name })
          .from(queues)
          .where(and(eq(queues.failoverType, type), eq(queues.failoverTargetId, id)))
          .get(),
    ],
    ['inboundRoute', inboundRouteProbe(db, type, id)],
  ];
}

/** The first inbound route sending calls to `type` `id` (IR-8). */
function inboundRouteProbe(db: StoreDb, type: InboundDestinationType, id: number): Probe {
  return () =>
    db
      .select({ id: inboundRoutes.id, name: inboundRoutes.name })
      .from(inboundRoutes)
      .where(and(eq(inboundRoutes.destinationType, type), eq(inboundRoutes.destinationId, id)))
      .get();
}

/** Agents, account groups and screening entries that hold an account. */
export function accountReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'agent',
      () =>
        db
          .select({ id: agents.id, name: agents.agentNo })
          .from(agents)
          .where(eq(agents.accountId, id))
          .get(),
    ],
    [
      'accountGroup',
      () =>
        db
          .select({ id: accountGroups.id, name: accountGroups.name })
          .from(accountGroupMembers)
          .innerJoin(accountGroups, eq(accountGroups.id, accountGroupMembers.groupId))
          .where(eq(accountGroupMembers.accountId, id))
          .get(),
    ],
    [
      'callerListEntry',
      () =>
        db
          .select({ id: callerListEntries.id, name: callerListEntries.numberPattern })
          .from(callerListEntries)
          .where(eq(callerListEntries.accountId, id))
          .get(),
    ],
  ]);
}

/** Account groups, trunk groups and inbound routes using a trunk. */
export function trunkReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'accountGroup',
      () =>
        db
          .select({ id: accountGroups.id, name: accountGroups.name })
          .from(accountGroups)
          .where(eq(accountGroups.trunkId, id))
          .get(),
    ],
    [
      'trunkGroup',
      () =>
        db
          .select({ id: trunkGroups.id, name: trunkGroups.name })
          .from(trunkGroupMembers)
          .innerJoin(trunkGroups, eq(trunkGroups.id, trunkGroupMembers.trunkGroupId))
          .where(eq(trunkGroupMembers.trunkId, id))
          .get(),
    ],
    [
      'inboundRoute',
      () =>
        db
          .select({ id: inboundRoutes.id, name: inboundRoutes.name })
          .from(inboundRoutes)
          .where(eq(inboundRoutes.trunkId, id))
          .get(),
    ],
  ]);
}

/** Ring groups ringing an extension, destinations and screening entries naming it. */
export function extensionReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'ringGroup',
      () =>
        db
          .select({ id: ringGroups.id, name: ringGroups.name })
          .from(ringGroupMembers)
          .innerJoin(ringGroups, eq(ringGroups.id, ringGroupMembers.ringGroupId))
          .where(eq(ringGroupMembers.extensionId, id))
          .get(),
    ],
    ...failoverProbes(db, 'extension', id),
    [
      'callerListEntry',
      () =>
        db
          .select({ id: callerListEntries.id, name: callerListEntries.numberPattern })
          .from(callerListEntries)
          .where(eq(callerListEntries.extensionId, id))
          .get(),
    ],
  ]);
}

/** Agent groups listing an agent. */
export function agentReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'agentGroup',
      () =>
        db
          .select({ id: agentGroups.id, name: agentGroups.name })
          .from(agentGroupMembers)
          .innerJoin(agentGroups, eq(agentGroups.id, agentGroupMembers.groupId))
          .where(eq(agentGroupMembers.agentId, id))
          .get(),
    ],
  ]);
}

/** Agent groups bound to a queue (GRP-1), and failovers to it. */
export function queueReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'agentGroup',
      () =>
        db
          .select({ id: agentGroups.id, name: agentGroups.name })
          .from(agentGroups)
          .where(eq(agentGroups.queueId, id))
          .get(),
    ],
    ...failoverProbes(db, 'queue', id),
  ]);
}

/** Failovers to a ring group. */
export function ringGroupReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first(failoverProbes(db, 'ringGroup', id));
}

/** Account groups sending calls over a trunk group (AG-3). */
export function trunkGroupReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'accountGroup',
      () =>
        db
          .select({ id: accountGroups.id, name: accountGroups.name })
          .from(accountGroups)
          .where(eq(accountGroups.trunkGroupId, id))
          .get(),
    ],
  ]);
}

/** Inbound routes restricted to a work-hours schedule (IR-5). */
export function workHoursReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'inboundRoute',
      () =>
        db
          .select({ id: inboundRoutes.id, name: inboundRoutes.name })
          .from(inboundRoutes)
          .where(eq(inboundRoutes.workHoursId, id))
          .get(),
    ],
  ]);
}

/** PBX objects a team still owns, after the probes for accounts and trunks. */
export function teamPbxReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  const named =
    (
      table:
        | typeof accountGroups
        | typeof agentGroups
        | typeof ringGroups
        | typeof queues
        | typeof conferenceRooms
        | typeof didGroups
        | typeof trunkGroups
        | typeof workHours
        | typeof inboundRoutes,
    ) =>
    () =>
      db.select({ id: table.id, name: table.name }).from(table).where(eq(table.teamId, id)).get();
  return first([
    ['accountGroup', named(accountGroups)],
    ['agentGroup', named(agentGroups)],
    ['ringGroup', named(ringGroups)],
    ['queue', named(queues)],
    ['conferenceRoom', named(conferenceRooms)],
    ['didGroup', named(didGroups)],
    ['trunkGroup', named(trunkGroups)],
    ['inboundRoute', named(inboundRoutes)],
    ['workHours', named(workHours)],
    [
      'callerListEntry',
      () =>
        db
          .select({ id: callerListEntries.id, name: callerListEntries.numberPattern })
          .from(callerListEntries)
          .where(eq(callerListEntries.teamId, id))
          .get(),
    ],
    [
      'agent',
      () =>
        db
          .select({ id: agents.id, name: agents.agentNo })
          .from(agents)
          .where(eq(agents.teamId, id))
          .get(),
    ],
  ]);
}

/** Inbound routes sending calls to an IVR, room, mailbox, application or account (IR-8). */
export function inboundDestinationReferrer(
  db: StoreDb,
  type: 'ivr' | 'conference' | 'voicemail' | 'application' | 'account',
  id: number,
): PbxReferrer | undefined {
  return first([['inboundRoute', inboundRouteProbe(db, type, id)]]);
}

/** Queues, ring groups and parking lots that play a MOH class (MOH-1). */
export function mohClassReferrer(db: StoreDb, id: number): PbxReferrer | undefined {
  return first([
    [
      'queue',
      () =>
        db
          .select({ id: queues.id, name: queues.name })
          .from(queues)
          .where(eq(queues.mohClassId, id))
          .get(),
    ],
    [
      'ringGroup',
      () =>
        db
          .select({ id: ringGroups.id, name: ringGroups.name })
          .from(ringGroups)
          .where(eq(ringGroups.mohClassId, id))
          .get(),
    ],
    [
      'parkingLot',
      () =>
        db
          .select({ id: parkingLots.id, name: parkingLots.name })
          .from(parkingLots)
          .where(eq(parkingLots.mohClassId, id))
          .get(),
    ],
  ]);
}
