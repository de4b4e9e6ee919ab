import type {
  Destination,
  DestinationType,
  ExtensionTarget,
  RouteRequest,
} from '../../core/index.ts';

import { featureTarget, matchFeatureCode, type FeatureCodeDirectory } from './feature-codes.ts';
import { routeParkingNumber, type ParkingNumberDirectory } from '../parking/parking-target.ts';

/** The entry of a team's internal-number namespace a number resolves to. */
export interface InternalNumberEntry {
  readonly kind: string;
  readonly ownerId: number | null;
}

/** What the router needs to know about an extension. */
export interface RoutableExtension {
  readonly id: number;
  readonly teamId: number;
  readonly internalNumber: string;
  readonly status: string;
  readonly dnd: boolean;
  readonly ringTimeoutSec: number;
  /** `external` (EXT-15): calls dial externalNumber instead of a device. */
  readonly deviceType?: string;
  readonly externalNumber?: string | null;
}

/**
 * The part of the config store the router reads; ConfigStore fits it as
 * is, so app.ts passes the store and tests pass a literal.
 */
export interface InternalNumberDirectory extends FeatureCodeDirectory, ParkingNumberDirectory {
  readonly internalNumbers: {
    lookup(teamId: number, number: string): InternalNumberEntry | undefined;
  };
  readonly extensions: { find(id: number): RoutableExtension | undefined };
}

/**
 * The application destination each kind of internal number leads to
 * (spec 02 §0.3: queues, ring groups, IVRs, conference rooms and
 * applications own numbers in the team's namespace).
 */
const APPLICATION_KINDS: Readonly<Record<string, DestinationType>> = {
  queue: 'queue',
  ringGroup: 'ringGroup',
  ivr: 'ivr',
  conferenceRoom: 'conference',
  application: 'application',
};

/**
 * Internal-number dialling within the caller's team (spec §2.10 IN-2):
 * the dialled number is looked up in the team's namespace; an enabled
 * extension is rung, and the number of a queue, ring group, IVR,
 * conference room or application hands the call to that application
 * (Q-1, IVR-1, CF-1, APP-1). A number nobody has may be one of the
 * team's feature codes (spec 04 §15.9); in-call hotkeys are not dialled.
 */
export class InternalNumberRouter {
  constructor(private readonly directory: InternalNumberDirectory) {}

  /**
   * Directed pickup of `number` as its feature would run for a caller of
   * `teamId` dialling the pickup code and the number; undefined when the
   * team's pickup code is disabled (R15.9-1).
   */
  pickupOf(teamId: number, number: string): Destination | undefined {
    const codes = this.directory.featureCodes.effective(teamId);
    const code = codes.find((c) => c.kind === 'code' && c.enabled && c.name === 'pickup');
    if (code === undefined) return undefined;
    const feature = matchFeatureCode(codes, `${code.code}${number}`);
    if (feature?.name !== 'pickup') return undefined;
    return { type: 'application', targetValue: featureTarget('pickup', feature.argument) };
  }

  route(request: RouteRequest): ExtensionDecision | ApplicationDecision {
    const entry = this.directory.internalNumbers.lookup(request.teamId, request.dialled);
    if (entry === undefined) {
      // Lot and slot numbers sit beside the namespace (D-entry "call parking").
      const parking = routeParkingNumber(this.directory, request.teamId, request.dialled);
      if (parking !== undefined) return { kind: 'application', destination: parking };
      const codes = this.directory.featureCodes.effective(request.teamId);
      const feature = matchFeatureCode(codes, request.dialled);
      if (feature === undefined) return { kind: 'not-found' };
      // R15.9-1: a feature code runs its function for the caller.
      return {
        kind: 'application',
        destination: {
          type: 'application',
          targetValue: featureTarget(feature.name, feature.argument),
        },
      };
    }
    const destination = applicationDestination(entry);
    if (destination !== undefined) return { kind: 'application', destination };
    if (entry.kind !== 'extension' || entry.ownerId === null) {
      return { kind: 'unavailable', reason: 'not-routable' };
    }
    const ext = this.directory.extensions.find(entry.ownerId);
    const decision = ringExtension(ext, request.teamId);
    if (decision.kind !== 'extensions' || ext?.deviceType !== 'external') return decision;
    const external = externalExtensionDestination(this.directory, ext);
    if (external === undefined) return { kind: 'unavailable', reason: 'not-routable' };
    return { kind: 'application', destination: external };
  }
}

/**
 * EXT-15 外线分机: an external extension has no device; a call to it
 * dials its external number through the outbound trunk path as the
 * extension itself, so its account's trunk precedence (EXT-11, AG-3,
 * routes) and its outbound permission (EXT-5) apply (D40). Undefined when
 * it has no number, or a number internal to its team, which would loop
 * back here. DIDs and inbound routes can reach it the same way.
 */
export function externalExtensionDestination(
  directory: Pick<InternalNumberDirectory, 'internalNumbers'>,
  ext: RoutableExtension,
): Destination | undefined {
  const number = ext.externalNumber;
  if (number === undefined || number === null || number === '') return undefined;
  if (directory.internalNumbers.lookup(ext.teamId, number) !== undefined) return undefined;
  return { type: 'outboundRoute', targetId: ext.id, targetValue: number };
}

/**
 * The application destination an internal number leads to; undefined for
 * an extension or a number no application owns.
 */
export function applicationDestination(entry: InternalNumberEntry): Destination | undefined {
  const type = APPLICATION_KINDS[entry.kind];
  return type === undefined || entry.ownerId === null
    ? undefined
    : { type, targetId: entry.ownerId };
}

/** A number owned by a PBX application. */
export interface ApplicationDecision {
  readonly kind: 'application';
  readonly destination: Destination;
}

/** What ringing one extension can come to. */
export type ExtensionDecision =
  | { readonly kind: 'extensions'; readonly targets: readonly ExtensionTarget[] }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'unavailable'; readonly reason: 'disabled' | 'dnd' | 'not-routable' };

/**
 * The decision for ringing `ext` on behalf of `teamId`: an extension of
 * another team does not exist for it, a disabled one or one on DND takes
 * no calls. Shared by internal dialling and DIDs.
 */
export function ringExtension(
  ext: RoutableExtension | undefined,
  teamId: number,
): ExtensionDecision {
  if (ext === undefined || ext.teamId !== teamId) return { kind: 'not-found' };
  if (ext.status !== 'enabled') return { kind: 'unavailable', reason: 'disabled' };
  if (ext.dnd) return { kind: 'unavailable', reason: 'dnd' };
  return {
    kind: 'extensions',
    targets: [
      {
        teamId: ext.teamId,
        extensionId: ext.id,
        number: ext.internalNumber,
        ringTimeoutMs: ext.ringTimeoutSec * 1000,
      },
    ],
  };
}
