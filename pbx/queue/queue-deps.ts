import type { CallOriginator, CallRecorder, Clock, MediaControl } from '../../core/index.ts';
import type { QueueAudio, QueueMemberSource, StickyMemberLookup } from './queue-config.ts';
import type { RingingMembers } from '../calls/index.ts';
import type { QueueRatingSink } from './queue-rating.ts';

/** What a Queue works with; every timer goes through `clock`. */
export interface QueueDeps {
  readonly originator: CallOriginator;
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly audio: QueueAudio;
  readonly members: QueueMemberSource;
  /** Needed by lastAgentFirst; without it the rule is off. */
  readonly sticky?: StickyMemberLookup | undefined;
  /** For the `random` strategy; Math.random unless given. */
  readonly random?: (() => number) | undefined;
  /** where scores go; without it a score is collected but not kept. */
  readonly ratings?: QueueRatingSink | undefined;
  /** Told the member that took each call, for its CDR and the agent's credit (D64). */
  readonly recorder?: Pick<CallRecorder, 'answeredBy'> | undefined;
  /** Needed by call pickup of a ringing agent (EXT-12, D85). */
  readonly pickup?: RingingMembers | undefined;
}
