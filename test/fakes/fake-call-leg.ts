import { TypedEmitter, ok, uuid, err, type Result } from '../../core/index.ts';
import type {
  CallLeg,
  CallLegDirection,
  CallLegError,
  CallLegEvents,
  CallLegState,
  CallOriginator,
  CallParty,
  HangupCause,
  MediaSessionRef,
  OriginateRequest,
  TransferTarget,
} from '../../core/index.ts';

/** What the code under test asked a FakeCallLeg to do, in order. */
export type FakeLegAction =
  | { readonly op: 'ring'; readonly isEarlyMedia: boolean }
  | { readonly op: 'answer' }
  | { readonly op: 'hangup'; readonly cause: HangupCause | undefined }
  | { readonly op: 'hold' }
  | { readonly op: 'unhold' }
  | { readonly op: 'sendDtmf'; readonly digits: string }
  | { readonly op: 'transfer'; readonly target: TransferTarget };

export const NORMAL_CLEARING: HangupCause = { reason: 'normal', q850: 16 };

/**
 * A CallLeg for unit tests of pbx/ applications (STYLE §7: fakes only for
 * state machines). The code under test calls its methods, which record an
 * action and change state as a SIP leg would; the test plays the remote
 * party with remoteRings(), remoteAnswers(), remoteHangsUp() and
 * pressDigit().
 */
export class FakeCallLeg extends TypedEmitter<CallLegEvents> implements CallLeg {
  readonly id = uuid();
  readonly technology = 'sip' as const;
  readonly actions: FakeLegAction[] = [];
  readonly media: MediaSessionRef;
  state: CallLegState = 'new';
  /** Set to make the next answer() fail (e.g. no common codec). */
  failNextAnswer = false;

  constructor(
    readonly direction: CallLegDirection,
    readonly remote: CallParty,
    readonly local: CallParty = { uri: 'sip:switch@127.0.0.1', number: 'switch' },
    media?: MediaSessionRef,
  ) {
    super();
    this.media = media ?? { callId: this.id, legId: direction === 'inbound' ? 'a' : 'b' };
  }

  ring(opts: { isEarlyMedia?: boolean } = {}): Promise<Result<void, CallLegError>> {
    this.actions.push({ op: 'ring', isEarlyMedia: opts.isEarlyMedia === true });
    if (this.state === 'new') this.setState('early');
    return Promise.resolve(ok(undefined));
  }

  answer(): Promise<Result<void, CallLegError>> {
    this.actions.push({ op: 'answer' });
    if (this.state === 'terminated' || this.state === 'confirmed') {
      return Promise.resolve(err({ code: 'ERR_CALL_LEG_INVALID_STATE', detail: this.state }));
    }
    if (this.failNextAnswer) {
      this.failNextAnswer = false;
      return Promise.resolve(err({ code: 'ERR_CALL_LEG_MEDIA', detail: 'refused by test' }));
    }
    this.setState('confirmed');
    this.safeEmit('answered');
    return Promise.resolve(ok(undefined));
  }

  hangup(cause?: HangupCause): Promise<Result<void, CallLegError>> {
    if (this.state === 'terminated') return Promise.resolve(ok(undefined));
    this.actions.push({ op: 'hangup', cause });
    this.terminate(cause ?? NORMAL_CLEARING);
    return Promise.resolve(ok(undefined));
  }

  hold(): Promise<Result<void, CallLegError>> {
    this.actions.push({ op: 'hold' });
    return Promise.resolve(ok(undefined));
  }

  unhold(): Promise<Result<void, CallLegError>> {
    this.actions.push({ op: 'unhold' });
    return Promise.resolve(ok(undefined));
  }

  sendDtmf(digits: string): Promise<Result<void, CallLegError>> {
    this.actions.push({ op: 'sendDtmf', digits });
    return Promise.resolve(ok(undefined));
  }

  transfer(target: TransferTarget): Promise<Result<void, CallLegError>> {
    this.actions.push({ op: 'transfer', target });
    return Promise.resolve(ok(undefined));
  }

  /** The ops recorded so far, e.g. ['ring', 'answer']. */
  get ops(): string[] {
    return this.actions.map((a) => a.op);
  }

  /** The remote alerts (outbound legs). */
  remoteRings(hasEarlyMedia = false): void {
    if (this.state === 'new') this.setState('early');
    this.safeEmit('ringing', { hasEarlyMedia });
  }

  /** The remote answers (outbound legs). */
  remoteAnswers(): void {
    if (this.state === 'terminated' || this.state === 'confirmed') return;
    this.setState('confirmed');
    this.safeEmit('answered');
  }

  /** The remote hangs up, or refuses before answering. */
  remoteHangsUp(cause: HangupCause = NORMAL_CLEARING): void {
    this.terminate(cause);
  }

  /** The remote presses a key. */
  pressDigit(digit: string, durationMs = 100): void {
    this.safeEmit('dtmf', { digit, durationMs, method: 'rfc4733' });
  }

  private terminate(cause: HangupCause): void {
    if (this.state === 'terminated') return;
    this.setState('terminated');
    this.safeEmit('hangup', cause);
  }

  private setState(next: CallLegState): void {
    const previous = this.state;
    this.state = next;
    this.safeEmit('state', next, previous);
  }
}

/**
 * A CallOriginator whose legs are FakeCallLegs; the test finds them in
 * `placed` (with the request) and plays the callee. `refuse` makes
 * originate() fail as if no leg could be started.
 */
export class FakeOriginator implements CallOriginator {
  readonly placed: Array<{ readonly request: OriginateRequest; readonly leg: FakeCallLeg }> = [];
  refuse = false;

  originate(request: OriginateRequest): Result<CallLeg, CallLegError> {
    if (this.refuse) return err({ code: 'ERR_CALL_LEG_REJECTED', detail: 'refused by test' });
    const number =
      request.target.kind === 'extension'
        ? request.target.extension.number
        : (request.target.trunks[0]?.number ?? '');
    const leg = new FakeCallLeg('outbound', { uri: `sip:${number}@test`, number }, request.caller);
    this.placed.push({ request, leg });
    return ok(leg);
  }

  /** The legs placed to `number` (an extension number or dialled number). */
  legsTo(number: string): FakeCallLeg[] {
    return this.placed.filter((p) => p.leg.remote.number === number).map((p) => p.leg);
  }
}
