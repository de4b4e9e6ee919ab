import { TypedEmitter, err, ok, type Result } from '../../core/index.ts';
import type {
  MediaControl,
  MediaControlEvents,
  MediaError,
  MediaJoinOptions,
  MediaOperation,
  MediaPlayOptions,
  MediaPlaySource,
  MediaRecordOptions,
  MediaSessionRef,
} from '../../core/index.ts';

/** One call the B2BUA made into the media plane. */
export interface MediaCall {
  readonly op: 'offer' | 'answer' | 'update' | 'delete' | 'answerLocal' | 'offerLocal' | 'accept';
  readonly callId: string;
  readonly legId: string | undefined;
  readonly sdp: string | undefined;
}

type EndReason = 'completed' | 'stopped' | 'dtmf' | 'hangup' | 'error';

/**
 * A play or record the test can finish: `end('completed')` as if the file
 * ran out, and stop() as the code under test would.
 */
export class FakeOperation implements MediaOperation {
  private static next = 0;
  readonly id = `op-${++FakeOperation.next}`;
  readonly finished: Promise<{ reason: EndReason; durationMs: number }>;
  isEnded = false;
  private settle!: (v: { reason: EndReason; durationMs: number }) => void;

  constructor(
    readonly kind: 'play' | 'record',
    readonly ref: MediaSessionRef,
    readonly source: MediaPlaySource | undefined,
    readonly playOptions: MediaPlayOptions | undefined,
    readonly recordOptions: MediaRecordOptions | undefined,
  ) {
    this.finished = new Promise((resolve) => (this.settle = resolve));
  }

  end(reason: EndReason = 'completed', durationMs = 0): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.settle({ reason, durationMs });
  }

  stop(): Promise<void> {
    this.end('stopped');
    return Promise.resolve();
  }
}

/** A mix, join, unjoin or sendDtmf seen by the fake. */
export type MediaLink =
  | { readonly op: 'mix'; readonly a: MediaSessionRef; readonly b: MediaSessionRef }
  | { readonly op: 'join'; readonly ref: MediaSessionRef; readonly opts: MediaJoinOptions }
  | { readonly op: 'unjoin'; readonly ref: MediaSessionRef }
  | { readonly op: 'sendDtmf'; readonly ref: MediaSessionRef; readonly digits: string };

const sameRef = (a: MediaSessionRef, b: MediaSessionRef) =>
  a.callId === b.callId && a.legId === b.legId;

/**
 * A pass-through MediaControl for unit tests: offer, answer and update
 * return the SDP unchanged and every call is recorded. `refuseNext` makes
 * the next SDP operation fail with ERR_SDP_NO_COMMON_CODEC (signalling
 * answers 488). Plays and recordings are FakeOperations the test ends;
 * pressDigit() emits a 'dtmf' event and ends plays interrupted by DTMF.
 */
export class FakeMediaControl
  extends TypedEmitter<MediaControlEvents & { listenererror: [string, unknown] }>
  implements MediaControl
{
  readonly calls: MediaCall[] = [];
  readonly operations: FakeOperation[] = [];
  readonly links: MediaLink[] = [];
  refuseNext = false;

  offer(callId: string, legId: string, sdp: string) {
    return this.pass('offer', callId, legId, sdp);
  }

  answer(callId: string, legId: string, sdp: string) {
    return this.pass('answer', callId, legId, sdp);
  }

  update(callId: string, legId: string, sdp: string) {
    return this.pass('update', callId, legId, sdp);
  }

  answerLocal(callId: string, legId: string, sdp: string) {
    return this.pass('answerLocal', callId, legId, sdp);
  }

  offerLocal(callId: string, legId: string) {
    return this.pass('offerLocal', callId, legId, FAKE_SDP);
  }

  async acceptAnswer(callId: string, legId: string, sdp: string) {
    const r = await this.pass('accept', callId, legId, sdp);
    return r.ok ? ok(undefined) : r;
  }

  delete(callId: string, legId?: string): Promise<Result<void, MediaError>> {
    this.calls.push({ op: 'delete', callId, legId, sdp: undefined });
    return Promise.resolve(ok(undefined));
  }

  play(
    ref: MediaSessionRef,
    source: MediaPlaySource,
    opts?: MediaPlayOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    const op = new FakeOperation('play', ref, source, opts, undefined);
    this.operations.push(op);
    return Promise.resolve(ok(op));
  }

  record(
    ref: MediaSessionRef,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    const op = new FakeOperation('record', ref, undefined, undefined, opts);
    this.operations.push(op);
    return Promise.resolve(ok(op));
  }

  /** Room recordings (recordRoom), as `{callId: roomId, legId: 'room'}` operations. */
  recordRoom(
    roomId: string,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    const op = new FakeOperation(
      'record',
      { callId: roomId, legId: 'room' },
      undefined,
      undefined,
      opts,
    );
    this.operations.push(op);
    return Promise.resolve(ok(op));
  }

  mix(a: MediaSessionRef, b: MediaSessionRef): Promise<Result<void, MediaError>> {
    this.links.push({ op: 'mix', a, b });
    return Promise.resolve(ok(undefined));
  }

  join(ref: MediaSessionRef, opts: MediaJoinOptions): Promise<Result<void, MediaError>> {
    this.links.push({ op: 'join', ref, opts });
    return Promise.resolve(ok(undefined));
  }

  unjoin(ref: MediaSessionRef): Promise<Result<void, MediaError>> {
    this.links.push({ op: 'unjoin', ref });
    return Promise.resolve(ok(undefined));
  }

  /** The codes each leg is gated with (key `callId/legId`); none once lifted. */
  readonly dtmfGates = new Map<string, readonly string[]>();

  gateDtmf(ref: MediaSessionRef, codes: readonly string[]): Result<void, MediaError> {
    const key = `${ref.callId}/${ref.legId}`;
    if (codes.length === 0) this.dtmfGates.delete(key);
    else this.dtmfGates.set(key, [...codes]);
    return ok(undefined);
  }

  sendDtmf(ref: MediaSessionRef, digits: string): Promise<Result<void, MediaError>> {
    this.links.push({ op: 'sendDtmf', ref, digits });
    return Promise.resolve(ok(undefined));
  }

  /** The plays and recordings still running on `ref`. */
  running(ref: MediaSessionRef, kind?: 'play' | 'record'): FakeOperation[] {
    return this.operations.filter(
      (o) => !o.isEnded && sameRef(o.ref, ref) && (kind === undefined || o.kind === kind),
    );
  }

  /** A key pressed on `ref`'s phone, as RFC 4733 events would report it. */
  pressDigit(ref: MediaSessionRef, digit: string, durationMs = 100): void {
    for (const op of this.running(ref, 'play')) {
      if (op.playOptions?.isInterruptedByDtmf === true) op.end('dtmf');
    }
    this.safeEmit('dtmf', { ref, digit, durationMs, source: 'rfc4733' });
  }

  private pass(
    op: MediaCall['op'],
    callId: string,
    legId: string,
    sdp: string,
  ): Promise<Result<string, MediaError>> {
    this.calls.push({ op, callId, legId, sdp });
    if (this.refuseNext) {
      this.refuseNext = false;
      return Promise.resolve(err({ code: 'ERR_SDP_NO_COMMON_CODEC', detail: 'refused by test' }));
    }
    return Promise.resolve(ok(sdp));
  }
}

const FAKE_SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
