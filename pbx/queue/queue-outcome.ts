/*
 * What a queue call reports: why a caller left for a destination, how the
 * call ended, the phase it is in, and the member it is bridged to.
 */
import type { Destination } from '../../core/index.ts';
import type { BridgeEnd, PartyBridge } from '../calls/index.ts';
import type { QueueMember } from './queue-config.ts';

/** Why a caller left a queue for a destination. */
export type QueueLeaveReason = 'join-empty' | 'full' | 'max-wait' | 'function-key';

/** How a queue call ended. */
export type QueueOutcome =
  /** A member answered; resolved when the bridged call is over. */
  | {
      readonly kind: 'answered';
      readonly memberKey: string;
      readonly waitMs: number;
      readonly end: BridgeEnd;
      /** The caller is still up (IVR-9 asked for it back); else it was hung up. */
      readonly isCallerKept: boolean;
    }
  /** The caller goes elsewhere; the caller leg is still up. */
  | {
      readonly kind: 'destination';
      readonly destination: Destination;
      readonly reason: QueueLeaveReason;
    }
  /** The caller hung up while waiting (abandoned); ringing members were cancelled. */
  | { readonly kind: 'caller-hangup'; readonly waitMs: number }
  /** The caller could not be answered or bridged. */
  | { readonly kind: 'failed'; readonly detail: string };

/** `waiting` has nobody ringing; `ringing` offers it; `connecting` has a member. */
export type QueueCallPhase = 'waiting' | 'ringing' | 'connecting' | 'done';

/** The member talking with the caller, and their bridge (Q-19 adds parties to it). */
export interface QueueConnection {
  readonly memberKey: string;
  readonly member: QueueMember | undefined;
  readonly bridge: PartyBridge;
}
