import type { CallRouter, RouteDecision, RouteRequest } from '../../core/index.ts';

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
}

/**
 * The part of the config store the router reads; ConfigStore fits it as
 * is, so app.ts passes the store and tests pass a literal.
 */
export interface InternalNumberDirectory {
  readonly internalNumbers: {
    lookup(teamId: number, number: string): InternalNumberEntry | undefined;
  };
  readonly extensions: { find(id: number): RoutableExtension | undefined };
}

/**
 * Internal-number dialling within the caller's team (spec §2.10 IN-2):
 * the dialled number is looked up in the team's namespace and, when it
 * belongs to an enabled extension, that extension is rung. Other kinds
 * (queues, ring groups, IVRs) are not routable in this slice.
 */
export class InternalNumberRouter implements CallRouter {
  constructor(private readonly directory: InternalNumberDirectory) {}

  route(request: RouteRequest): RouteDecision {
    const entry = this.directory.internalNumbers.lookup(request.teamId, request.dialled);
    if (entry === undefined) return { kind: 'not-found' };
    if (entry.kind !== 'extension' || entry.ownerId === null) {
      return { kind: 'unavailable', reason: 'not-routable' };
    }
    const ext = this.directory.extensions.find(entry.ownerId);
    if (ext === undefined || ext.teamId !== request.teamId) return { kind: 'not-found' };
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
}
