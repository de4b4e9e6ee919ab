import { and, eq } from 'drizzle-orm';
import {
  accounts,
  dids,
  extensions,
  internalNumbers,
  outboundRoutes,
  queues,
  trunks,
} from './schema.ts';
import {
  accountReferrer,
  agentReferrer,
  extensionReferrer,
  inboundDestinationReferrer,
  mohClassReferrer,
  queueReferrer,
  ringGroupReferrer,
  teamPbxReferrer,
  trunkGroupReferrer,
  trunkReferrer,
  workHoursReferrer,
} from './pbx-references.ts';
import type { PbxReferrerResource } from './pbx-references.ts';
import {
  callPromptReferrer,
  ivrDestinationReferrer,
  ivrReferrer,
  voiceFileReferrer,
} from './media-references.ts';
import type { MediaReferrerResource } from './media-references.ts';
import { outboundActionReferrer, outboundTargetReferrer } from './outbound-references.ts';
import type { OutboundReferrerResource } from './outbound-references.ts';
import { defaultTrafficReferrer, didGroupReferrer } from './did-references.ts';
import type { DidReferrerResource } from './did-references.ts';
import type { StoreContext, StoreDb } from './store-context.ts';

/** An object that refers to another one and so blocks its deletion. */
export interface Referrer {
  resource:
    | 'account'
    | 'extension'
    | 'trunk'
    | 'outboundRoute'
    | 'did'
    | 'internalNumber'
    | PbxReferrerResource
    | MediaReferrerResource
    | DidReferrerResource
    | OutboundReferrerResource;
  id: number;
  name: string;
}

/** Objects whose deletion other rows can block. */
export type ReferencedKind =
  | 'team'
  | 'account'
  | 'trunk'
  | 'extension'
  | 'agent'
  | 'queue'
  | 'ringGroup'
  | 'trunkGroup'
  | 'workHours'
  | 'voiceFile'
  | 'callPrompt'
  | 'ivr'
  | 'application'
  | 'conference'
  | 'voicemail'
  | 'mohClass'
  | 'pbxTemplate'
  | 'didGroup';

type Finder = (db: StoreDb, id: number) => Referrer | undefined;

const byAccount: Finder = (db, id) => {
  const row = db
    .select({ id: extensions.id, name: extensions.internalNumber })
    .from(extensions)
    .where(eq(extensions.accountId, id))
    .get();
  return row ? { resource: 'extension', ...row } : accountReferrer(db, id);
};

/** a queue asking its callers to rate the agent with this prompt. */
const ratingPromptReferrer: Finder = (db, id) => {
  const row = db
    .select({ id: queues.id, name: queues.name })
    .from(queues)
    .where(eq(queues.ratingPromptId, id))
    .get();
  return row && { resource: 'queue', ...row };
};

/** MOH-1 users of a class, then EXT-13 extensions that ring back with it (no FK, D40). */
const byMohClass: Finder = (db, id) => {
  const user = mohClassReferrer(db, id);
  if (user) return user;
  const extension = db
    .select({ id: extensions.id, name: extensions.internalNumber })
    .from(extensions)
    .where(eq(extensions.ringbackMohClassId, id))
    .get();
  return extension && { resource: 'extension', ...extension };
};

const byTrunk: Finder = (db, id) => {
  const route = db
    .select({ id: outboundRoutes.id, name: outboundRoutes.name })
    .from(outboundRoutes)
    .where(eq(outboundRoutes.trunkId, id))
    .get();
  if (route) return { resource: 'outboundRoute', ...route };
  const extension = db
    .select({ id: extensions.id, name: extensions.internalNumber })
    .from(extensions)
    .where(eq(extensions.trunkId, id))
    .get();
  return extension ? { resource: 'extension', ...extension } : trunkReferrer(db, id);
};

const byExtension: Finder = (db, id) => {
  const did = db
    .select({ id: dids.id, name: dids.number })
    .from(dids)
    .where(and(eq(dids.destinationType, 'extension'), eq(dids.destinationId, id)))
    .get();
  return did ? { resource: 'did', ...did } : extensionReferrer(db, id);
};

const byTeam: Finder = (db, id) => {
  const probes: Array<[Referrer['resource'], () => { id: number; name: string } | undefined]> = [
    [
      'account',
      () =>
        db
          .select({ id: accounts.id, name: accounts.username })
          .from(accounts)
          .where(eq(accounts.teamId, id))
          .get(),
    ],
    [
      'trunk',
      () =>
        db
          .select({ id: trunks.id, name: trunks.name })
          .from(trunks)
          .where(eq(trunks.teamId, id))
          .get(),
    ],
    [
      'outboundRoute',
      () =>
        db
          .select({ id: outboundRoutes.id, name: outboundRoutes.name })
          .from(outboundRoutes)
          .where(eq(outboundRoutes.teamId, id))
          .get(),
    ],
    [
      'did',
      () =>
        db.select({ id: dids.id, name: dids.number }).from(dids).where(eq(dids.teamId, id)).get(),
    ],
  ];
  for (const [resource, probe] of probes) {
    const row = probe();
    if (row) return { resource, ...row };
  }
  // Queues and ring groups own namespace entries too; name them, not the entry.
  const pbx = teamPbxReferrer(db, id);
  if (pbx) return pbx;
  const number = db
    .select({ id: internalNumbers.id, name: internalNumbers.number })
    .from(internalNumbers)
    .where(eq(internalNumbers.teamId, id))
    .get();
  return number && { resource: 'internalNumber', ...number };
};

/** Trunks and extensions built on a PBX template (TRK-14, EXT-16). */
const byPbxTemplate: Finder = (db, id) => {
  const trunk = db
    .select({ id: trunks.id, name: trunks.name })
    .from(trunks)
    .where(eq(trunks.templateId, id))
    .get();
  if (trunk) return { resource: 'trunk', ...trunk };
  const extension = db
    .select({ id: extensions.id, name: extensions.internalNumber })
    .from(extensions)
    .where(eq(extensions.templateId, id))
    .get();
  return extension && { resource: 'extension', ...extension };
};

const FINDERS: Record<ReferencedKind, Finder> = {
  team: byTeam,
  account: (db, id) => byAccount(db, id) ?? inboundDestinationReferrer(db, 'account', id),
  trunk: (db, id) => byTrunk(db, id) ?? outboundTargetReferrer(db, 'trunk', id),
  extension: (db, id) => byExtension(db, id) ?? ivrDestinationReferrer(db, 'extension', id),
  agent: agentReferrer,
  queue: (db, id) =>
    queueReferrer(db, id) ??
    ivrDestinationReferrer(db, 'queue', id) ??
    outboundActionReferrer(db, 'queue', id),
  ringGroup: (db, id) =>
    ringGroupReferrer(db, id) ??
    ivrDestinationReferrer(db, 'ringGroup', id) ??
    outboundActionReferrer(db, 'ringGroup', id),
  trunkGroup: (db, id) =>
    trunkGroupReferrer(db, id) ?? outboundTargetReferrer(db, 'trunkGroup', id),
  workHours: workHoursReferrer,
  voiceFile: voiceFileReferrer,
  callPrompt: (db, id) => callPromptReferrer(db, id) ?? ratingPromptReferrer(db, id),
  ivr: (db, id) => ivrReferrer(db, id) ?? inboundDestinationReferrer(db, 'ivr', id),
  application: (db, id) =>
    inboundDestinationReferrer(db, 'application', id) ??
    ivrDestinationReferrer(db, 'application', id),
  conference: (db, id) =>
    inboundDestinationReferrer(db, 'conference', id) ??
    ivrDestinationReferrer(db, 'conference', id),
  voicemail: (db, id) =>
    inboundDestinationReferrer(db, 'voicemail', id) ?? ivrDestinationReferrer(db, 'voicemail', id),
  mohClass: byMohClass,
  pbxTemplate: byPbxTemplate,
  didGroup: didGroupReferrer,
};

/**
 * Names what still refers to an object, so that a refused delete can say
 * which object to change first. The foreign keys (ON DELETE RESTRICT) stay
 * the guarantee; this is the explanation, and it also covers the DID's
 * polymorphic destination, which has no foreign key.
 */
export class ReferencesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * The first object found that refers to `kind` `id`, if any. A team's
   * default traffic (TM-12) can name any inbound destination type, so it
   * is asked last for every kind.
   */
  firstReferrer(kind: ReferencedKind, id: number): Referrer | undefined {
    return FINDERS[kind](this.#ctx.db, id) ?? defaultTrafficReferrer(this.#ctx.db, kind, id);
  }
}
