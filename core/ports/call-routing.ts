import type { Destination } from './destination.ts';

/**
 * The routing decision as signalling sees it: which extensions or trunks a
 * dialled number reaches. pbx/routing implements it and app.ts wires it
 * into the B2BUA, so signalling never imports pbx (STYLE §2).
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
  /**
   * Where the call goes when the extension is busy, does not answer, or
   * has no registered phone (its forwards, else its voicemail, VM-1);
   * refused with the SIP status when absent.
   */
  readonly onUnavailable?: {
    readonly busy?: Destination | undefined;
    readonly noAnswer?: Destination | undefined;
    readonly unreachable?: Destination | undefined;
  };
}

/** The identity a trunk call presents in From and P-Asserted-Identity. */
export interface CallerId {
  readonly number: string;
  readonly name: string | undefined;
}

/** One trunk to try for an outbound call, with the number as it must send it. */
export interface TrunkTarget {
  readonly trunkId: number;
  readonly trunkName: string;
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  /** The dialled number after the route's strip and prepend (OR-3). */
  readonly number: string;
  /** Caller ID chosen by the TRK-8 rule. */
  readonly callerId: CallerId;
  /** Calls the trunk may carry at once; undefined means no limit. */
  readonly maxChannels: number | undefined;
  /** How long to wait for any response before trying the next trunk. */
  readonly responseTimeoutMs: number;
  /**
   * The audio codecs the trunk takes, by encoding name, in its order of
   * preference (spec 01 §2.1); the offer to it carries only these.
   * Undefined or empty leaves the offer as it is.
   */
  readonly codecs?: readonly string[] | undefined;
  /** Digest credentials for a 401/407 from the trunk, if it has any. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  /**
   * TRK-12: set when the trunk leads to another Switchyard (a cascade);
   * `callerId` is then the caller's internal number and `agentNo` the
   * calling agent's job number, if one is known.
   */
  readonly cascade?: { readonly agentNo: string | undefined } | undefined;
}

/** Why a call is forbidden, when the phone is told (SIP reason phrase). */
export type ForbiddenReason =
  'credit-limit' | 'agent-inbound-only' | 'agent-restricted' | 'no-rate';

/** Where a dialled number leads. */
export type RouteDecision =
  | { readonly kind: 'extensions'; readonly targets: readonly ExtensionTarget[] }
  /** A PBX application takes the call (queue, IVR, conference, …; spec 02 §0.3). */
  | { readonly kind: 'application'; readonly destination: Destination }
  /** Outbound routes matched: try these trunks in order (failover). */
  | { readonly kind: 'trunks'; readonly targets: readonly TrunkTarget[] }
  /**
   * The caller may not make this call, e.g. no outbound calls (SIP 403);
   * `credit-limit` when the team has used up its credit (TM-7);
   * `agent-inbound-only` when the agent signed in there works inbound only
   * (GRP-4); `agent-restricted` when the number is not in the restricted
   * agent's contact records (GRP-5); `no-rate` when the team routes by
   * extension rates and none prices the number (spec 03 §5.3 (c) 4).
   */
  | { readonly kind: 'forbidden'; readonly reason?: ForbiddenReason | undefined }
  /** Nothing in the team has this number (SIP 404). */
  | { readonly kind: 'not-found' }
  /** The number exists but takes no calls now (SIP 480, or 486 for DND). */
  | { readonly kind: 'unavailable'; readonly reason: 'disabled' | 'dnd' | 'not-routable' };

/** A trunk trusted by source address (ipPeer, TRK-3). */
export interface TrunkPeer {
  readonly trunkId: number;
  /** The owning team; undefined for a system-wide trunk. */
  readonly teamId: number | undefined;
  /** A host name or IP address, resolved by signalling (RFC 3263). */
  readonly host: string;
  /**
   * A registration trunk's username: the user of the Contact we register
   * with the carrier, so the Request-URI of its calls (TRK-2, TRK-3). It
   * tells apart two accounts at one carrier.
   */
  readonly username?: string;
  /**
   * The source port its calls must come from too: set when the trunk's
   * `insecure` lacks `port` (T-2, D91); any port otherwise.
   */
  readonly port?: number;
  /**
   * The credentials its calls must carry when the trunk's `insecure` lacks
   * `invite` and it has a secret (T-2, D91): INVITEs are challenged.
   */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** A call a trunk sent us: the called number is looked up as a DID. */
export interface InboundRouteRequest {
  readonly trunkId: number;
  readonly trunkTeamId: number | undefined;
  /** The user part of the Request-URI: the called DID. */
  readonly dialled: string;
  /** The caller's number (From user), for caller-based routes and lists. */
  readonly callerNumber?: string | undefined;
}

/** Where a call from a trunk leads; `domain` is the team's SIP domain. */
export type InboundRouteDecision =
  | {
      readonly kind: 'extensions';
      readonly teamId: number;
      readonly domain: string;
      readonly targets: readonly ExtensionTarget[];
    }
  /** A PBX application takes the call (IR-8). */
  | {
      readonly kind: 'application';
      readonly teamId: number;
      readonly domain: string;
      readonly destination: Destination;
    }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'unavailable'; readonly reason: 'disabled' | 'dnd' | 'not-routable' }
  /** Refused by a black/white list or a route to "end": 603 Decline. */
  | { readonly kind: 'declined'; readonly reason: string };

/** Decides where a call goes. Synchronous: the config store is in-process. */
export interface CallRouter {
  /** A call from an authenticated extension. */
  route(request: RouteRequest): RouteDecision;
  /** The ipPeer trunks whose addresses may call in without digest. */
  trunkPeers(): readonly TrunkPeer[];
  /** A call from a trusted trunk: its DID decides the destination. */
  routeInbound(request: InboundRouteRequest): InboundRouteDecision;
  /**
   * The destination that picks up a call ringing at `number` of `teamId`
   * for one of the team's extensions (directed pickup, EXT-12), when the
   * team's pickup code is enabled: what an INVITE with Replaces naming a
   * ringing dialog runs (BLF pickup, D89).
   */
  pickupOf?(teamId: number, number: string): Destination | undefined;
}
