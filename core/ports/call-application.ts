import type { Result } from '../result.ts';
import type { CallLeg, CallLegError, CallParty } from './call-leg.ts';
import type { ExtensionTarget, TrunkTarget } from './call-routing.ts';
import type { Destination } from './destination.ts';

/**
 * How pbx/ applications (IVR, voicemail, conferences, ring groups, queues)
 * get calls and place their own: signalling hands an inbound CallLeg to
 * CallApplications.run(), and the application answers it, plays to it,
 * and dials other legs through CallOriginator, bridging them with
 * MediaControl.mix() (the FreeSWITCH model: every leg of an application
 * call is terminated by our media plane, STYLE §2).
 */

/** An inbound call handed to an application, not yet answered. */
export interface ApplicationCall {
  /** The call's id, the same as in CDRs and GET /api/v1/calls. */
  readonly callId: string;
  readonly teamId: number;
  /**
   * The caller's leg, in state 'new'; the application rings, answers or
   * hangs it up. A call transferred to the application (REFER) arrives
   * 'confirmed' already.
   */
  readonly leg: CallLeg;
  /** The number the caller dialled (an internal number or a DID). */
  readonly dialled: string;
  readonly destination: Destination;
  /** Who sent the call here by a blind transfer (REFER), when one did. */
  readonly referredBy?: { readonly number: string; readonly extensionId?: number } | undefined;
}

/**
 * Calls ringing extensions, for call pickup (spec EXT-12, *61): signalling
 * implements it, pbx/ decides which numbers a picker may take.
 */
export interface RingingCalls {
  /**
   * Takes the longest-ringing unanswered call to one of `numbers` of
   * `teamId`: its forks stop ringing and the caller's leg is returned, not
   * yet answered, for the picker to answer and bridge. The call keeps its
   * CDR. Undefined when nothing rings there.
   */
  pickUp(teamId: number, numbers: readonly string[]): CallLeg | undefined;
  /**
   * When the call pickUp() would take started (Clock.now()), so that
   * pickup can weigh it against legs that pbx/ applications ring (D85).
   * Undefined when nothing rings there.
   */
  ringingSince(teamId: number, numbers: readonly string[]): number | undefined;
}

/**
 * Whether extensions are on calls, for the choices pbx/ makes about whom
 * to ring (RG-2 空闲振铃, queue members): signalling implements it over
 * the calls it tracks, which include the legs applications place.
 */
export interface ExtensionPresence {
  /**
   * Calls extension `number` of `teamId` is in, ringing or answered:
   * calls it made or received, and legs the switch placed to it.
   */
  callCount(teamId: number, number: string): number;
  /**
   * Whether the extension's calls, one or more, are all ringing it: calls
   * to it and legs placed to it, none answered, none it made (D97).
   */
  isRinging(teamId: number, number: string): boolean;
  /** Whether the extension has a registered contact now. */
  isRegistered(teamId: number, number: string): boolean;
  /**
   * Calls `listener` each time an extension's last call ends; returns the
   * function that stops it.
   */
  onIdle(listener: (teamId: number, number: string) => void): () => void;
  /**
   * Calls `listener` each time an extension's first call starts (it was
   * on none); returns the function that stops it.
   */
  onBusy(listener: (teamId: number, number: string) => void): () => void;
}

/** Runs PBX applications on calls; pbx/ implements it, app.ts wires it. */
export interface CallApplications {
  /**
   * Takes over `call`. Resolves when the application is done with it: the
   * leg has hung up, or was hung up by the application. Rejects only on
   * bugs; signalling then hangs the leg up with 500.
   */
  run(call: ApplicationCall): Promise<void>;
}

/** What an originated leg rings. */
export type OriginateTarget =
  /** An extension: all its registered contacts at once (parallel forking). */
  | { readonly kind: 'extension'; readonly extension: ExtensionTarget }
  /** Trunks, one after the other on failure (spec 02 §3.5 failover). */
  | { readonly kind: 'trunks'; readonly trunks: readonly TrunkTarget[] };

/**
 * Why a leg is placed for its call, kept on its CDR leg row (spec 01 §2.8
 * CdrLeg 属性 / 咨询类型): a ring-group member, a queue's agent, the target
 * of a blind transfer or of a consult (attended transfer), a party added
 * to a call, a number an application dials, a click-to-call leg.
 */
export const LEG_PURPOSES = [
  'ringGroup',
  'queue',
  'blindTransfer',
  'consult',
  'party',
  'dial',
  'clickToCall',
] as const;
export type LegPurpose = (typeof LEG_PURPOSES)[number];

/** A leg the switch places on behalf of an application. */
export interface OriginateRequest {
  readonly teamId: number;
  readonly target: OriginateTarget;
  /** Who the call appears to come from (From, P-Asserted-Identity). */
  readonly caller: CallParty;
  /** Ring this long before giving up with cause 'no-answer'. */
  readonly ringTimeoutMs: number;
  /** The application call this leg belongs to, for CDRs and the calls API. */
  readonly parentCallId?: string | undefined;
  /**
   * GRP-8: ask the phone to answer by itself (agent legs of queues and
   * click-to-call). Only extension targets carry it: a trunk would pass
   * the request on to a carrier's subscriber.
   */
  readonly autoAnswer?: boolean | undefined;
  /** Why the leg is placed, for its CDR leg row. */
  readonly purpose?: LegPurpose | undefined;
  /** The agent group whose queue rings this agent (GRP-1), for the leg's 坐席组. */
  readonly agentGroupId?: number | undefined;
}

/**
 * Places outbound legs. originate() returns at once with a leg in state
 * 'new' that rings in the background: it emits 'ringing', then
 * 'answered' (state 'confirmed', media negotiated and ready to mix) or
 * 'hangup' with the cause (busy, no-answer, unavailable, …). An error
 * result means the leg could not even be started (no media ports, no
 * transport); hangup() before the answer cancels it.
 */
export interface CallOriginator {
  originate(request: OriginateRequest): Result<CallLeg, CallLegError>;
}
