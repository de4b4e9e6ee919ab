import { mkdir } from 'node:fs/promises';
import { Lifecycle, TypedEmitter, ok, systemClock } from '../../core/index.ts';
import type {
  Clock,
  Logger,
  MediaControl,
  MediaControlEvents,
  MediaDtmfOptions,
  MediaError,
  MediaJoinOptions,
  MediaOfferOptions,
  MediaPlayOptions,
  MediaPlaySource,
  MediaRecordOptions,
  MediaSessionRef,
  Result,
  TimerHandle,
} from '../../core/index.ts';
import { createDefaultCodecRegistry } from '../codecs/index.ts';
import type { CodecRegistry } from '../codecs/index.ts';
import type { DtmfEvent } from '../dtmf/index.ts';
import { MediaScheduler, PortAllocator } from '../endpoint/index.ts';
import { repairRecordings } from '../recorder/index.ts';
import { CallTable } from './call-table.ts';
import { LegMixing } from './leg-mixing.ts';
import { legStats } from './leg-stats.ts';
import { LegRecordings } from './leg-recordings.ts';
import type { MediaLeg, MediaLegHooks } from './media-leg.ts';
import type { MediaServerOptions } from './media-server-options.ts';
import { LegOperations } from './leg-operations.ts';
import { OfferAnswer } from './offer-answer.ts';
import { PlaybackControl } from './playback-control.ts';
import { RelayOffload } from './relay-offload.ts';
import type { RelayOffloadStats } from './relay-offload.ts';
import { RoomRecordings } from './room-recordings.ts';
import { SdpSessions } from './sdp-sessions.ts';

export type { MediaServerOptions } from './media-server-options.ts';

type Events = MediaControlEvents & { listenererror: [string, unknown] };

/**
 * The in-process media plane behind core/ports MediaControl, on
 * rtpengine's model: offer() anchors a leg's SDP on a pair of our
 * endpoints (one facing each leg) and returns the offer for the other leg;
 * answer() completes it, after which the endpoints relay (byte for byte
 * when the legs share a codec, transcoded when they do not); update()
 * handles re-offers such as hold; delete() frees the ports. On top of that
 * it plays, records, mixes into rooms and reports DTMF, silence and
 * quality per leg. The session table is CallTable and the SDP half is
 * OfferAnswer; this class wires them to playback, recording and mixing.
 */
export class MediaServer extends TypedEmitter<Events> implements MediaControl {
  readonly ports: PortAllocator;
  readonly scheduler: MediaScheduler;
  readonly advertisedAddress: string;
  private readonly options: MediaServerOptions;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly registry: CodecRegistry;
  private readonly calls: CallTable;
  private readonly recordings: LegRecordings;
  private readonly roomRecordings: RoomRecordings;
  private readonly mixing: LegMixing;
  private readonly lifecycle: Lifecycle;
  private readonly offerAnswer: OfferAnswer;
  private readonly operations: LegOperations;
  private readonly playback: PlaybackControl;
  private readonly offload: RelayOffload | undefined;
  private pollTimer: TimerHandle | undefined;
  private statsTimer: TimerHandle | undefined;

  constructor(options: MediaServerOptions) {
    super(options.logger);
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.registry = options.codecs ?? createDefaultCodecRegistry();
    this.advertisedAddress = options.advertisedAddress ?? options.bindAddress;
    this.ports = new PortAllocator({ ...options, clock: this.clock });
    this.scheduler = new MediaScheduler({
      clock: this.clock,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    this.calls = new CallTable({
      ports: this.ports,
      bindAddress: options.bindAddress,
      clock: this.clock,
      logger: this.logger,
      scheduler: this.scheduler,
      hooks: this.hooks,
      mediaTimeoutMs: options.mediaTimeoutMs,
      onTimeout: (ref, silentForMs) => this.safeEmit('timeout', { ref, silentForMs }),
    });
    this.playback = new PlaybackControl({
      clock: this.clock,
      toneCountry: options.toneCountry ?? 'itu',
      ...(options.soundsDir === undefined ? {} : { soundsDir: options.soundsDir }),
      ...(options.mohPlaylists === undefined ? {} : { mohPlaylists: options.mohPlaylists }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    this.recordings = new LegRecordings({
      clock: this.clock,
      scheduler: this.scheduler,
      recordingsDir: options.recordingsDir,
      logger: options.logger,
    });
    this.roomRecordings = new RoomRecordings({
      clock: this.clock,
      recordingsDir: options.recordingsDir,
      logger: options.logger,
    });
    this.mixing = new LegMixing({
      onTalk: (leg, roomId, isTalking) =>
        this.safeEmit('talking', { ref: leg.ref, roomId, isTalking }),
      scheduler: this.scheduler,
      musicOnHold: options.musicOnHold,
      mohClasses: this.playback.moh,
      mohClass: options.mohClass,
      logger: options.logger,
    });
    const native = options.nativeRelay;
    this.offload =
      native === undefined || native === false
        ? undefined
        : RelayOffload.create({ ...native, ...(options.logger ? { logger: options.logger } : {}) });
    this.offerAnswer = new OfferAnswer({
      calls: this.calls,
      sdp: new SdpSessions({
        address: this.advertisedAddress,
        registry: this.registry,
        transcodeCodecs: options.transcodeCodecs ?? [],
        hasMusicOnHold: this.hasMusicOnHold,
      }),
      mixing: this.mixing,
      offload: this.offload,
      hasMusicOnHold: this.hasMusicOnHold,
      isRunning: () => this.isRunning,
      deleteLeg: (callId, legId) => this.delete(callId, legId),
    });
    this.operations = new LegOperations({
      calls: this.calls,
      playback: this.playback,
      recordings: this.recordings,
      roomRecordings: this.roomRecordings,
      mixing: this.mixing,
      offload: this.offload,
      isRunning: () => this.isRunning,
    });
    this.lifecycle = new Lifecycle({
      onStart: () => this.onStart(),
      onStop: () => this.onStop(),
    });
  }

  /** Repairs the recordings dir, then starts the media clock. */
  start(): Promise<void> {
    return this.lifecycle.start();
  }

  /** Closes every leg and room; idempotent. */
  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  get isRunning(): boolean {
    return this.lifecycle.isRunning;
  }

  /** Whether a held leg hears music (else hold is only relayed). */
  get hasMusicOnHold(): boolean {
    return this.options.musicOnHold !== undefined || this.options.mohPlaylists !== undefined;
  }

  /** Legs open now, over all calls. */
  get legCount(): number {
    return this.calls.legCount;
  }

  /** Counters of the native relay offload; undefined when it is off. */
  get relayOffloadStats(): Readonly<RelayOffloadStats> | undefined {
    return this.offload?.stats;
  }

  /** True while the leg of `ref` is relayed by a native shard thread. */
  isOffloaded(ref: MediaSessionRef): boolean {
    const leg = this.leg(ref);
    return leg !== undefined && this.offload?.isOffloaded(leg) === true;
  }

  /** The leg of `ref`, for tests and the admin API. */
  leg(ref: MediaSessionRef): MediaLeg | undefined {
    return this.calls.leg(ref);
  }

  offer(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.offerAnswer.offer(callId, legId, sdp, opts, false);
  }

  update(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.offerAnswer.offer(callId, legId, sdp, opts, true);
  }

  answer(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.offerAnswer.answer(callId, legId, sdp, opts);
  }

  answerLocal(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.offerAnswer.answerLocal(callId, legId, sdp, opts);
  }

  offerLocal(callId: string, legId: string, opts: MediaOfferOptions = {}) {
    return this.offerAnswer.offerLocal(callId, legId, opts);
  }

  acceptAnswer(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.offerAnswer.acceptAnswer(callId, legId, sdp, opts);
  }

  async delete(callId: string, legId?: string): Promise<Result<void, MediaError>> {
    await this.calls.delete(callId, legId, (leg) => this.closeLeg(leg));
    return ok(undefined);
  }

  play(ref: MediaSessionRef, source: MediaPlaySource, opts: MediaPlayOptions = {}) {
    return this.operations.play(ref, source, opts);
  }

  record(ref: MediaSessionRef, opts: MediaRecordOptions) {
    return this.operations.record(ref, opts);
  }

  recordRoom(roomId: string, opts: MediaRecordOptions) {
    return this.operations.recordRoom(roomId, opts);
  }

  mix(a: MediaSessionRef, b: MediaSessionRef) {
    return this.operations.mix(a, b);
  }

  join(ref: MediaSessionRef, opts: MediaJoinOptions) {
    return this.operations.join(ref, opts);
  }

  unjoin(ref: MediaSessionRef) {
    return this.operations.unjoin(ref);
  }

  /**
   * Holds back from the peer the RFC 4733 keys typed on `ref` that make
   * up one of `codes` (in-call feature codes), releasing them when the
   * sequence cannot be a code (DtmfGate, D44). The 'dtmf' events still
   * fire for every key. No codes removes the gate. A gated leg stays in
   * JavaScript, since the native relay forwards events by itself.
   */
  gateDtmf(ref: MediaSessionRef, codes: readonly string[]): Result<void, MediaError> {
    return this.operations.gateDtmf(ref, codes);
  }

  sendDtmf(ref: MediaSessionRef, digits: string, opts: MediaDtmfOptions = {}) {
    return this.operations.sendDtmf(ref, digits, opts);
  }

  private readonly hooks: MediaLegHooks = {
    nowMs: () => this.clock.monotonicMs(),
    takeBack: (leg: MediaLeg) => this.offload?.demote(leg),
    convertKeys: (to: MediaLeg, keys: string, durationMs: number) =>
      this.convertKeys(to, keys, durationMs),
    dtmf: (leg: MediaLeg, event: DtmfEvent, source: 'rfc4733' | 'inband') => {
      if (event.kind === 'begin') {
        this.playback.onDigit(leg);
        return;
      }
      this.safeEmit('dtmf', {
        ref: leg.ref,
        digit: event.digit,
        durationMs: event.durationMs ?? 0,
        source,
      });
    },
  };

  /**
   * Keys relayed to a leg without telephone-event: tones in its audio
   * (dtmfMode 'inband'), or 'dtmfInfo' events for the signalling to send
   * in SIP INFO ('info'), as Asterisk converts between peers' DTMF modes.
   * Flash has no tone and is not played.
   */
  private convertKeys(to: MediaLeg, keys: string, durationMs: number): void {
    if (to.dtmfMode === 'info') {
      for (const digit of keys) this.safeEmit('dtmfInfo', { ref: to.ref, digit, durationMs });
      return;
    }
    const tones = keys.replaceAll('F', '');
    if (tones === '') return;
    void this.operations
      .sendDtmf(to.ref, tones, { mode: 'inband', durationMs })
      .then((r) => {
        if (!r.ok) this.logger?.warn({ ref: to.ref, error: r.error }, 'in-band key not played');
      })
      .catch((error: unknown) => this.logger?.error({ err: error }, 'in-band key failed'));
  }

  private async closeLeg(leg: MediaLeg): Promise<void> {
    this.offload?.forget(leg);
    this.mixing.forget(leg);
    await this.playback.onHangup(leg);
    await this.recordings.endAll(leg);
    leg.close();
    this.ports.release(leg.endpoint.rtpPort);
  }

  private async onStart(): Promise<void> {
    const dir = this.options.recordingsDir;
    if (dir !== undefined) {
      // A first start has no recordings dir yet; later ones repair what a
      // crash cut (WAV sizes from the file length).
      await mkdir(dir, { recursive: true });
      const repair = await repairRecordings(dir);
      if (repair.repaired.length > 0 || repair.failed.length > 0) {
        this.logger?.warn(repair, 'recordings repaired at start');
      }
    }
    this.scheduler.start();
    this.pollTimer = this.clock.setInterval(() => this.pollEvents(), 100);
    const statsMs = this.options.statsIntervalMs ?? 5000;
    if (statsMs > 0) this.statsTimer = this.clock.setInterval(() => this.emitStats(), statsMs);
  }

  private async onStop(): Promise<void> {
    if (this.pollTimer !== undefined) this.clock.clearInterval(this.pollTimer);
    if (this.statsTimer !== undefined) this.clock.clearInterval(this.statsTimer);
    for (const callId of this.calls.callIds()) await this.delete(callId);
    await this.roomRecordings.endAll();
    this.offload?.close();
    this.mixing.close();
    this.playback.close();
    this.scheduler.stop();
  }

  private pollEvents(): void {
    this.offload?.sweep();
    const nowMs = this.clock.monotonicMs();
    for (const leg of this.calls.legs()) if (leg.telephoneEventPt >= 0) leg.poll(nowMs);
  }

  private emitStats(): void {
    if (this.listenerCount('stats') === 0) return;
    for (const leg of this.calls.legs()) this.safeEmit('stats', legStats(leg, this.offload));
  }
}
