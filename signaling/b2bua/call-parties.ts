/*
 * Who a B2BUA call is between and where it stands (b2bua-call.ts), as the
 * call, the active calls list and the hotkeys read it.
 */

/** The life of a call: ringing until a 2xx wins, then answered. */
export type B2buaCallState = 'routing' | 'ringing' | 'answered' | 'ended';

/**
 * Where a call runs: between extensions, from an extension out over a
 * trunk, or in from a trunk to an extension.
 */
export type CallDirection = 'internal' | 'outbound' | 'inbound';

/**
 * Who talks to whom. Numbers are internal numbers of `teamId`, except the
 * far end of a trunk call: the dialled number (outbound) or the carrier's
 * caller (inbound).
 */
export interface CallParties {
  readonly teamId: number;
  readonly direction: CallDirection;
  /** The team's SIP domain, for From and To of leg B. */
  readonly domain: string;
  readonly callerNumber: string;
  readonly calleeNumber: string;
  /** The calling extension, when the caller authenticated as one (CDR, EXT-9). */
  readonly callerExtensionId?: number | undefined;
  /** The first extension rung, when the call goes to extensions (CDR, EXT-9). */
  readonly calleeExtensionId?: number | undefined;
  /** The trunk the call came in on; an outbound call's trunk is chosen later. */
  readonly trunkId?: number | undefined;
}
