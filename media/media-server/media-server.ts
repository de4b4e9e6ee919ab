import { mkdir } from 'node:fs/promises';
import { Lifecycle, TypedEmitter, err, ok, systemClock } from '../../core/index.ts';
import type {
  Clock,
  Logger,
  MediaControl,
  MediaControlEvents,
  MediaDtmfOptions,
  MediaError,
  MediaJoinOptions,
  MediaOfferOptions,
  MediaOperation,
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
import type { MohPlaylistLookup, MusicOnHold } from '../player/index.ts';
import { repairRecordings } from '../recorder/index.ts';
import { sendLegDtmf } from './leg-dtmf.ts';
import { LegMixing } from './leg-mixing.ts';
import { legStats } from './leg-stats.ts';
import { openLegEndpoint } from './open-leg-endpoint.ts';
import { LegRecordings } from './leg-recordings.ts';
import { MediaLeg } from './media-leg.ts';
import type { MediaLegHooks } from './media-leg.ts';
import { PlaybackControl } from './playback-control.ts';
import { DtmfGate } from './dtmf-gate.ts';
import { RelayOffload, withLegPinned } from './relay-offload.ts';
import type { RelayOffloadStats } from './relay-offload.ts';
import { RoomRecordings } from './room-recordings.ts';
import { SdpSessions } from './sdp-sessions.ts';

/** Settings of a MediaServer. */
export interface MediaServerOptions {
  /** The address our RTP sockets bind to. */
  readonly bindAddress: string;
  /** The address written into SDP (a public or NAT address); bindAddress unless given. */
  readonly advertisedAddress?: string;
  /** The RTP port range; each leg takes one even/odd pair. */
  readonly minPort: number;
  readonly maxPort: number;
  /** Rest of a released port pair before reuse; 10 000 unless given. */
  readonly quarantineMs?: number;
  /** Where recordings go; repaired at start() (crash leftovers) when given. */
  readonly recordingsDir?: string;
  /** Where play() looks for relative file names. */
  readonly soundsDir?: string;
  /** Music on hold for the held side of a call; absent: hold is only relayed. */
  readonly musicOnHold?: MusicOnHold;
  /**
   * Music-on-hold classes from the configuration, for play({ moh }) and,
   * without `musicOnHold`, for the held side of a call.
   */
  readonly mohPlaylists?: MohPlaylistLookup;
  /** The class a held leg hears; `default` unless given. */
  readonly mohClass?: string;
  /** Codecs added to every relayed offer so the far side may pick one we transcode to. */
  readonly transcodeCodecs?: readonly string[];
  /** Country of the call-progress tones (ISO 3166 alpha-2); ITU unless given. */
  readonly toneCountry?: string;
  /** Silence on a leg before 'timeout'; 60 000 unless given per offer. */
  readonly mediaTimeoutMs?: number;
  /** How often 'stats' is emitted per leg; 5000 unless given (0: never). */
  readonly statsIntervalMs?: number;
  /**
   * Relay plain call legs in native shard threads (issue 5, D34); off
   * unless given. Without the addon built, logs once and relays in JS.
   */
  readonly nativeRelay?:
    | { readonly shards: number; readonly addonPath?: string; readonly kernelForward?: boolean }
    | false;
  readonly codecs?: CodecRegistry;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

type Events = MediaControlEvents & { listenererror: [string, unknown] };

interface CallEntry {
  readonly legs: Map<string, MediaLeg>;
  readonly sessionId: string;
}

/**
 * The in-process media plane behind core/ports MediaControl, on
 * rtpengine's model: offer() anchors a leg's SDP on a pair of our
 * endpoints (one facing each leg) and returns the offer for the other leg;
 * answer() completes it, after which the endpoints relay (byte for byte
 * when the legs share a codec, transcoded when they do not); update()
 * handles re-offers such as hold; delete() frees the ports. On top of that
 * it plays, records, mixes into rooms and reports DTMF, silence and
 * quality per leg.
 */
export class MediaServer extends TypedEmitter<Events> implements MediaControl {
  readonly ports: PortAllocator;
  readonly scheduler: MediaScheduler;
  readonly advertisedAddress: string;
  private readonly options: MediaServerOptions;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly registry: CodecRegistry;
  private readonly calls = new Map<string, CallEntry>();
  private readonly recordings: LegRecordings;
  private readonly roomRecordings: RoomRecordings;
  private readonly mixing: LegMixing;
  private readonly lifecycle: Lifecycle;
  private readonly sdp: SdpSessions;
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
    this.sdp = new SdpSessions({
      address: this.advertisedAddress,
      registry: this.registry,
      transcodeCodecs: options.transcodeCodecs ?? [],
      hasMusicOnHold: this.hasMusicOnHold,
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
    let n = 0;
    for (const call of this.calls.values()) n += call.legs.size;
    return n;
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
    return this.calls.get(ref.callId)?.legs.get(ref.legId);
  }

  offer(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.handleOffer(callId, legId, sdp, opts, false);
  }

  update(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.handleOffer(callId, legId, sdp, opts, true);
  }

  async answer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<string, MediaError>> {
    if (!this.isRunning) return notRunning();
    const leg = this.leg({ callId, legId });
    if (leg === undefined) return notFound({ callId, legId });
    this.offload?.demote(leg);
    const r = this.sdp.answer(leg, sdp, opts, this.calls.get(callId)!.sessionId);
    if (!r.ok) return r;
    const offerer = leg.peer!;
    if (r.value.isOnHold && this.hasMusicOnHold) this.mixing.startMoh(leg);
    else this.mixing.stopMoh(leg);
    if (!r.value.isOnHold) this.mixing.stopMoh(offerer);
    this.offload?.reconsider(leg);
    return ok(r.value.sdp);
  }

  async answerLocal(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<string, MediaError>> {
    if (!this.isRunning) return notRunning();
    const parsed = this.sdp.parseOffer(sdp);
    if (!parsed.ok) return parsed;
    const call = this.callEntry(callId);
    const isNew = !call.legs.has(legId);
    const leg = await this.legFor(call, { callId, legId }, opts);
    if (!leg.ok) return this.dropIfEmpty(callId, call, leg);
    this.offload?.demote(leg.value);
    const r = this.sdp.answerLocal(leg.value, parsed.value, opts, call.sessionId);
    // A refused first offer leaves no ports behind (the caller gets 488).
    if (!r.ok && isNew) await this.delete(callId, legId);
    else this.offload?.reconsider(leg.value);
    return r;
  }

  async offerLocal(
    callId: string,
    legId: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<string, MediaError>> {
    if (!this.isRunning) return notRunning();
    const call = this.callEntry(callId);
    const leg = await this.legFor(call, { callId, legId }, opts);
    if (!leg.ok) return this.dropIfEmpty(callId, call, leg);
    this.offload?.demote(leg.value);
    return ok(this.sdp.offerLocal(leg.value, call.sessionId));
  }

  async acceptAnswer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<void, MediaError>> {
    if (!this.isRunning) return notRunning();
    const leg = this.leg({ callId, legId });
    if (leg === undefined) return notFound({ callId, legId });
    this.offload?.demote(leg);
    const r = this.sdp.acceptAnswer(leg, sdp, opts);
    this.offload?.reconsider(leg);
    return r;
  }

  async delete(callId: string, legId?: string): Promise<Result<void, MediaError>> {
    const call = this.calls.get(callId);
    if (call === undefined) return ok(undefined);
    for (const [id, leg] of [...call.legs]) {
      if (legId !== undefined && id !== legId) continue;
      call.legs.delete(id);
      await this.closeLeg(leg);
    }
    if (call.legs.size === 0) this.calls.delete(callId);
    return ok(undefined);
  }

  async play(
    ref: MediaSessionRef,
    source: MediaPlaySource,
    opts: MediaPlayOptions = {},
  ): Promise<Result<MediaOperation, MediaError>> {
    const leg = this.negotiatedLeg(ref);
    if (!leg.ok) return leg;
    return withLegPinned(this.offload, leg.value, () =>
      this.playback.play(leg.value, source, opts),
    );
  }

  async record(
    ref: MediaSessionRef,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    const found = this.negotiatedLeg(ref);
    if (!found.ok) return found;
    return withLegPinned(this.offload, found.value, () => this.recordings.start(found.value, opts));
  }

  async recordRoom(
    roomId: string,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    if (!this.isRunning) return notRunning();
    const room = this.mixing.room(roomId);
    if (room === undefined) {
      return err({ code: 'ERR_MEDIA_SESSION_NOT_FOUND', detail: `no leg is in room ${roomId}` });
    }
    return this.roomRecordings.start(room, opts);
  }

  async mix(a: MediaSessionRef, b: MediaSessionRef): Promise<Result<void, MediaError>> {
    const legA = this.leg(a);
    const legB = this.leg(b);
    if (legA === undefined) return notFound(a);
    if (legB === undefined) return notFound(b);
    this.offload?.demote(legA);
    this.offload?.demote(legB);
    for (const leg of [legA, legB]) {
      const old = leg.peer;
      if (old !== undefined && old !== legA && old !== legB) {
        old.peer = undefined;
        old.rewire();
      }
    }
    legA.peer = legB;
    legB.peer = legA;
    legA.rewire();
    legB.rewire();
    this.offload?.reconsider(legA);
    return ok(undefined);
  }

  async join(ref: MediaSessionRef, opts: MediaJoinOptions): Promise<Result<void, MediaError>> {
    const found = this.negotiatedLeg(ref);
    if (!found.ok) return found;
    const leg = found.value;
    return withLegPinned(this.offload, leg, async () =>
      this.mixing.join(leg, opts.roomId ?? ref.callId, opts),
    );
  }

  async unjoin(ref: MediaSessionRef): Promise<Result<void, MediaError>> {
    const leg = this.leg(ref);
    if (leg === undefined) return notFound(ref);
    this.mixing.leaveRooms(leg);
    this.offload?.reconsider(leg);
    return ok(undefined);
  }

  /**
   * Holds back from the peer the RFC 4733 keys typed on `ref` that make
   * up one of `codes` (in-call feature codes), releasing them when the
   * sequence cannot be a code (DtmfGate, D44). The 'dtmf' events still
   * fire for every key. No codes removes the gate. A gated leg stays in
   * JavaScript, since the native relay forwards events by itself.
   */
  gateDtmf(ref: MediaSessionRef, codes: readonly string[]): Result<void, MediaError> {
    const leg = this.leg(ref);
    if (leg === undefined) return notFound(ref);
    this.offload?.demote(leg);
    leg.dtmfGate = codes.length === 0 ? undefined : new DtmfGate(codes);
    this.offload?.reconsider(leg);
    return ok(undefined);
  }

  async sendDtmf(
    ref: MediaSessionRef,
    digits: string,
    opts: MediaDtmfOptions = {},
  ): Promise<Result<void, MediaError>> {
    const found = this.negotiatedLeg(ref);
    if (!found.ok) return found;
    return withLegPinned(this.offload, found.value, async () =>
      sendLegDtmf(found.value, digits, opts, (leg, d, onMs, offMs) =>
        this.playback.playDtmf(leg, d, onMs, offMs),
      ),
    );
  }

  private async handleOffer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions,
    isUpdate: boolean,
  ): Promise<Result<string, MediaError>> {
    if (!this.isRunning) return notRunning();
    const parsed = this.sdp.parseOffer(sdp);
    if (!parsed.ok) return parsed;
    if (isUpdate && this.leg({ callId, legId }) === undefined) return notFound({ callId, legId });
    const call = this.callEntry(callId);
    const from = await this.legFor(call, { callId, legId }, opts);
    if (!from.ok) return this.dropIfEmpty(callId, call, from);
    this.offload?.demote(from.value);
    const peerId = opts.peerLegId ?? from.value.peer?.ref.legId ?? (legId === 'a' ? 'b' : 'a');
    const to = await this.legFor(call, { callId, legId: peerId }, opts);
    if (!to.ok) return this.dropIfEmpty(callId, call, to);
    return ok(this.sdp.offer(from.value, to.value, parsed.value, opts));
  }

  private callEntry(callId: string): CallEntry {
    let call = this.calls.get(callId);
    if (call === undefined) {
      call = { legs: new Map(), sessionId: String(Date.now()) };
      this.calls.set(callId, call);
    }
    return call;
  }

  private dropIfEmpty<E>(callId: string, call: CallEntry, failure: E): E {
    if (call.legs.size === 0) this.calls.delete(callId);
    return failure;
  }

  private async legFor(
    call: CallEntry,
    ref: MediaSessionRef,
    opts: MediaOfferOptions,
  ): Promise<Result<MediaLeg, MediaError>> {
    const found = call.legs.get(ref.legId);
    if (found !== undefined) return ok(found);
    const ep = await openLegEndpoint({
      ports: this.ports,
      bindAddress: this.options.bindAddress,
      clock: this.clock,
      logger: this.logger,
      mediaTimeoutMs: opts.mediaTimeoutMs ?? this.options.mediaTimeoutMs,
    });
    if (!ep.ok) return ep;
    const leg = new MediaLeg(ref, ep.value, this.scheduler, this.hooks);
    ep.value.on('timeout', ({ silentForMs }) => this.safeEmit('timeout', { ref, silentForMs }));
    call.legs.set(ref.legId, leg);
    return ok(leg);
  }

  private negotiatedLeg(ref: MediaSessionRef): Result<MediaLeg, MediaError> {
    if (!this.isRunning) return notRunning();
    const leg = this.leg(ref);
    if (leg === undefined) return notFound(ref);
    if (leg.codec === undefined) {
      const detail = `leg ${ref.legId} of ${ref.callId} has no negotiated codec yet`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    return ok(leg);
  }

  private readonly hooks: MediaLegHooks = {
    nowMs: () => this.clock.monotonicMs(),
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
    for (const callId of [...this.calls.keys()]) await this.delete(callId);
    await this.roomRecordings.endAll();
    this.offload?.close();
    this.mixing.close();
    this.playback.close();
    this.scheduler.stop();
  }

  private pollEvents(): void {
    this.offload?.sweep();
    const nowMs = this.clock.monotonicMs();
    for (const call of this.calls.values()) {
      for (const leg of call.legs.values()) if (leg.telephoneEventPt >= 0) leg.poll(nowMs);
    }
  }

  private emitStats(): void {
    if (this.listenerCount('stats') === 0) return;
    for (const call of this.calls.values()) {
      for (const leg of call.legs.values()) this.safeEmit('stats', legStats(leg, this.offload));
    }
  }
}

function notFound(ref: MediaSessionRef): { ok: false; error: MediaError } {
  const detail = `no media for leg ${ref.legId} of call ${ref.callId}`;
  return err({ code: 'ERR_MEDIA_SESSION_NOT_FOUND', detail });
}

function notRunning(): { ok: false; error: MediaError } {
  return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: 'the media server is not running' });
}
