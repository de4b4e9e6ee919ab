import type { ExtensionTarget, RouteRequest } from '../../core/index.ts';

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
export class InternalNumberRouter {
  constructor(private readonly directory: InternalNumberDirectory) {}

  route(request: RouteRequest): ExtensionDecision {
    const entry = this.directory.internalNumbers.lookup(request.teamId, request.dialled);
    if (entry === undefined) return { kind: 'not-found' };
    if (entry.kind !== 'extension' || entry.ownerId === null) {
      return { kind: 'unavailable', reason: 'not-routable' };
    }
    return ringExtension(this.directory.extensions.find(entry.ownerId), request.teamId);
  }
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
