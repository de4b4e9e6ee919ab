/**
 * The routing decision as signalling sees it: which extensions a dialled
 * number reaches. pbx/routing implements it and app.ts wires it into the
 * B2BUA, so signalling never imports pbx (STYLE §2).
 */

/** Who calls what: the caller is the authenticated extension. */
export interface RouteRequest {
  readonly teamId: number;
  readonly callerExtensionId: number;
  readonly callerNumber: string;
  /** The user part of the Request-URI, as dialled. */
  readonly dialled: string;
}

/** One extension to ring: its registered contacts are forked to. */
export interface ExtensionTarget {
  readonly teamId: number;
  readonly extensionId: number;
  readonly number: string;
  /** How long to ring before giving up (the extension's ring timeout). */
  readonly ringTimeoutMs: number;
}

/** Where a dialled number leads. */
export type RouteDecision =
  | { readonly kind: 'extensions'; readonly targets: readonly ExtensionTarget[] }
  /** Nothing in the team has this number (SIP 404). */
  | { readonly kind: 'not-found' }
  /** The number exists but takes no calls now (SIP 480, or 486 for DND). */
  | { readonly kind: 'unavailable'; readonly reason: 'disabled' | 'dnd' | 'not-routable' };

/** Decides where a call goes. Synchronous: the config store is in-process. */
export interface CallRouter {
  route(request: RouteRequest): RouteDecision;
}
