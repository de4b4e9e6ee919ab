import type {
  CallLeg,
  CallOriginator,
  CallParty,
  Clock,
  ExtensionTarget,
  HangupCause,
  OriginateTarget,
  TimerHandle,
} from '../../core/index.ts';
import type { RingingMembers } from '../calls/index.ts';

/** Why a member's leg stopped ringing without being taken. */
export type MemberRingEnd =
  /** Our ring timer ran out, or the far end gave up with no answer. */
  | 'no-answer'
  /** The member was busy (Q.850 17, SIP 486/600). */
  | 'busy'
  /** The leg could not be started, or ended for another reason. */
  | 'failed';

/** What the owner of a MemberRinger hears about its legs. */
export interface MemberRingerHandlers {
  /**
   * The first member to answer. The ringer has already cancelled every
   * other leg; the owner now owns `leg` and must bridge or hang it up.
   * `leg` is the member's, or, after call pickup, the picker's (D85).
   */
  onAnswered(key: string, leg: CallLeg): void;
  /** A member's leg ended unanswered; it is no longer ringing. */
  onEnded(key: string, reason: MemberRingEnd): void;
}

/** The call every member leg is placed for. */
export interface MemberRingRequest {
  readonly teamId: number;
  /** The identity members see (RG-6, Q-14 prefixes already applied). */
  readonly caller: CallParty;
  readonly parentCallId?: string | undefined;
  /** Why the members ring, for their CDR leg rows. */
  readonly purpose?: 'ringGroup' | 'queue' | undefined;
}

interface Ringing {
  readonly leg: CallLeg;
  readonly timer: TimerHandle;
  readonly onAnswered: () => void;
  readonly onHangup: (cause: HangupCause) => void;
  /** Takes the leg off the pickup list (D85). */
  readonly unlist: (() => void) | undefined;
}

/** How one member's leg is placed, beyond the extension it stands for. */
export interface MemberLegOptions {
  /**
   * What to ring instead of the extension, e.g. an agent's external phone
   * through the team's external-agent trunk (AGT-3, TM-13).
   */
  readonly originate?: OriginateTarget | undefined;
  /** GRP-8: ask the member's phone to answer by itself. */
  readonly autoAnswer?: boolean | undefined;
  /** The agent group whose queue rings this agent, for the leg's CDR row. */
  readonly agentGroupId?: number | undefined;
}

/**
 * Q.850 26 "non-selected user clearing": the leg was cancelled because
 * another member took the call (RFC 3326 lets the CANCEL carry it).
 */
export const ANSWERED_ELSEWHERE: HangupCause = {
  reason: 'cancelled',
  q850: 26,
  sipStatus: 487,
  text: 'Call completed elsewhere',
};

/** The caller left or the ringing phase ended: plain cancellation. */
export const RING_CANCELLED: HangupCause = { reason: 'cancelled', q850: 16, sipStatus: 487 };

const RING_TIMEOUT: HangupCause = { reason: 'no-answer', q850: 19, sipStatus: 480 };

/**
 * Rings a set of member extensions for one caller, each with its own
 * timeout, and enforces "first answer wins": the first leg to answer is
 * handed to the owner and every other ringing leg is cancelled. Ring
 * groups and queues both build their strategies on it.
 */
export class MemberRinger {
  readonly #legs = new Map<string, Ringing>();
  #isClosed = false;

  constructor(
    private readonly originator: CallOriginator,
    private readonly clock: Clock,
    private readonly request: MemberRingRequest,
    private readonly handlers: MemberRingerHandlers,
    /** Where legs rung at extensions are listed for call pickup (EXT-12, D85). */
    private readonly pickup?: RingingMembers,
  ) {}

  /** How many members are ringing now. */
  get ringingCount(): number {
    return this.#legs.size;
  }

  /** Whether `key` is ringing now. */
  isRinging(key: string): boolean {
    return this.#legs.has(key);
  }

  /**
   * Starts ringing `target` for at most `timeoutMs`. Returns false, without
   * calling onEnded, when the leg could not even be placed.
   */
  ring(
    key: string,
    target: ExtensionTarget,
    timeoutMs: number,
    options: MemberLegOptions = {},
  ): boolean {
    if (this.#isClosed || this.#legs.has(key)) return false;
    const placed = this.originator.originate({
      teamId: this.request.teamId,
      target: options.originate ?? { kind: 'extension', extension: target },
      caller: this.request.caller,
      ringTimeoutMs: timeoutMs,
      parentCallId: this.request.parentCallId,
      purpose: this.request.purpose,
      agentGroupId: options.agentGroupId,
      ...(options.autoAnswer === true ? { autoAnswer: true } : {}),
    });
    if (!placed.ok) return false;
    const leg = placed.value;
    const onAnswered = () => this.#answered(key);
    const onHangup = (cause: HangupCause) => this.#ended(key, endReason(cause));
    // Our own timer as well as the originator's: the group's remaining
    // time may be shorter than what the originator was told.
    const timer = this.clock.setTimeout(() => {
      if (this.#ended(key, 'no-answer')) void leg.hangup(RING_TIMEOUT);
    }, timeoutMs);
    // A leg to another phone (an external agent's) is no extension's call.
    const unlist =
      options.originate === undefined
        ? this.pickup?.add({
            teamId: this.request.teamId,
            number: target.number,
            startedAtMs: this.clock.now(),
            take: (picker) => this.#pickedUp(key, picker),
          })
        : undefined;
    this.#legs.set(key, { leg, timer, onAnswered, onHangup, unlist });
    leg.on('answered', onAnswered);
    leg.on('hangup', onHangup);
    if (leg.state === 'confirmed') this.#answered(key);
    else if (leg.state === 'terminated') this.#ended(key, 'failed');
    return true;
  }

  /** Stops ringing one member (e.g. its step in a hunt is over). */
  cancel(key: string, cause: HangupCause = RING_CANCELLED): void {
    const entry = this.#detach(key);
    if (entry !== undefined) void entry.leg.hangup(cause);
  }

  /** Cancels every ringing leg and refuses new ones; idempotent. */
  close(cause: HangupCause = RING_CANCELLED): void {
    this.#isClosed = true;
    for (const key of [...this.#legs.keys()]) this.cancel(key, cause);
  }

  #answered(key: string): void {
    const entry = this.#detach(key);
    if (entry === undefined) return;
    this.close(ANSWERED_ELSEWHERE);
    this.handlers.onAnswered(key, entry.leg);
  }

  /**
   * Call pickup (D85): `picker` answers in the member's place, as
   * Asterisk's pickup masquerades the picker into the ringing channel, so
   * the owner sees the member answer with the picker's leg. The picker is
   * answered first; if the member answered or stopped meanwhile, false.
   */
  async #pickedUp(key: string, picker: CallLeg): Promise<boolean> {
    if (!this.#legs.has(key)) return false;
    if (picker.state !== 'confirmed' && !(await picker.answer()).ok) return false;
    const entry = this.#detach(key);
    if (entry === undefined) return false;
    void entry.leg.hangup(ANSWERED_ELSEWHERE);
    this.close(ANSWERED_ELSEWHERE);
    this.handlers.onAnswered(key, picker);
    return true;
  }

  #ended(key: string, reason: MemberRingEnd): boolean {
    if (this.#detach(key) === undefined) return false;
    this.handlers.onEnded(key, reason);
    return true;
  }

  #detach(key: string): Ringing | undefined {
    const entry = this.#legs.get(key);
    if (entry === undefined) return undefined;
    this.#legs.delete(key);
    this.clock.clearTimeout(entry.timer);
    entry.unlist?.();
    entry.leg.off('answered', entry.onAnswered);
    entry.leg.off('hangup', entry.onHangup);
    return entry;
  }
}

function endReason(cause: HangupCause): MemberRingEnd {
  if (cause.reason === 'busy') return 'busy';
  if (cause.reason === 'no-answer') return 'no-answer';
  return 'failed';
}

/**
 * The identity members see: the caller's number and name with the
 * group's or queue's prefixes (spec §2.3 RG-6, spec 02 §3.1 Q-14), so a
 * member knows which group the call came through.
 */
export function prefixedCaller(
  caller: CallParty,
  numberPrefix: string | null,
  namePrefix: string | null,
): CallParty {
  const number = (numberPrefix ?? '') + caller.number;
  const name =
    namePrefix === null || namePrefix === ''
      ? caller.displayName
      : namePrefix + (caller.displayName ?? caller.number);
  return {
    uri: caller.uri,
    number,
    ...(name === undefined ? {} : { displayName: name }),
    ...(caller.isPrivate === undefined ? {} : { isPrivate: caller.isPrivate }),
  };
}
