import type { MediaSessionRef } from '../../core/index.ts';
import { TimestampRescaler, Transcoder } from '../codecs/index.ts';
import type { Codec } from '../codecs/index.ts';
import {
  DtmfDetector,
  TelephoneEventReceiver,
  TelephoneEventSender,
  serializeTelephoneEvent,
} from '../dtmf/index.ts';
import type { DtmfEvent } from '../dtmf/index.ts';
import type { MediaEndpoint, MediaScheduler, ScheduledStream } from '../endpoint/index.ts';
import { Player } from '../player/index.ts';
import type { DtmfGate } from './dtmf-gate.ts';
import { OutgoingStream } from './outgoing-stream.ts';
import { payloadRange } from './payload-range.ts';
import { isSameCodec } from '../sdp/index.ts';
import type { SdpCodec, SessionDescription } from '../sdp/index.ts';

/** Receives one frame of PCM; it must copy what it keeps. */
export type PcmListener = (pcm: Int16Array) => void;

/** What a leg reports to its MediaServer. */
export interface MediaLegHooks {
  dtmf(leg: MediaLeg, event: DtmfEvent, source: 'rfc4733' | 'inband'): void;
  /** Monotonic time in ms, for RFC 4733 arrival times. */
  nowMs(): number;
  /**
   * The leg is about to originate (keys its gate held back): its pair
   * leaves the native relay first, which cannot mix our packets into a
   * stream it relays.
   */
  takeBack?(leg: MediaLeg): void;
}

/** Counters of a leg beyond its endpoint's (STYLE §4.4). */
export interface MediaLegStats {
  /** Relayed or transcoded to the peer. */
  forwarded: number;
  /** Not forwarded: the peer is on hold, playing, or mixed. */
  suppressed: number;
  /** Payload types that are neither the codec, telephone-event nor CN. */
  unknownPayloadType: number;
  /** Payloads that did not decode or transcode. */
  decodeErrors: number;
  /** Packets we originated (prompts, tones, music, mixes, events). */
  originated: number;
  /**
   * RFC 4733 packets the native relay forwarded but could not copy to us
   * (its queue to JavaScript was full), so no 'dtmf' event saw them.
   */
  tapsDropped: number;
}

/** How a leg's stream was agreed in offer/answer. */
export interface LegNegotiation {
  readonly sdpCodec: SdpCodec;
  readonly codec: Codec | undefined;
  readonly telephoneEventPt: number;
  readonly isSendingTo: boolean;
}

/** Comfort noise (RFC 3389), static PT 13. */
const CN_PT = 13;

/**
 * Key-down time and gap of keys a DtmfGate releases: MediaControl's
 * sendDtmf() defaults, as Asterisk sends held feature digits on with its
 * own default duration.
 */
const RELEASED_KEY_MS = 100;
const RELEASED_GAP_MS = 60;

/**
 * One call leg's media: the endpoint facing its phone, and the routing of
 * what arrives there. RTP goes to the peer leg byte for byte when both
 * legs agreed on the same codec and payload type, or through a Transcoder
 * when they did not. The leg can also originate a stream of its own
 * (prompts, tones, RFC 4733 events, music on hold, a conference mix);
 * while it does, what the peer relays to it is suppressed, as in
 * rtpengine's "play media". Listeners receive decoded PCM of each
 * direction for recording, mixing and in-band DTMF detection.
 */
export class MediaLeg implements ScheduledStream {
  readonly ref: MediaSessionRef;
  readonly endpoint: MediaEndpoint;
  readonly stats: MediaLegStats = {
    forwarded: 0,
    suppressed: 0,
    unknownPayloadType: 0,
    decodeErrors: 0,
    originated: 0,
    tapsDropped: 0,
  };
  peer: MediaLeg | undefined;
  /** The last offer the far end sent us, and the answers and offers we sent it. */
  remoteOffer: SessionDescription | undefined;
  sentOffer: SessionDescription | undefined;
  sentAnswer: SessionDescription | undefined;
  audioIndex = -1;
  /** The far end's SDP address, `host:port`, once known. */
  remoteKey: string | undefined;
  /** How DTMF is detected on this leg (MediaOfferOptions.dtmfMode). */
  dtmfMode: 'rfc4733' | 'info' | 'inband' | undefined;
  /** Decoded PCM of what the far end sends / of what it is sent. */
  readonly inbound = new Set<PcmListener>();
  readonly outbound = new Set<PcmListener>();
  /**
   * What the far end receives from us, relayed or originated, as one
   * stream: one SSRC, continuous numbering (D44).
   */
  readonly outgoing = new OutgoingStream();
  /**
   * Holds back the RFC 4733 keys of feature codes typed on this leg from
   * the peer (MediaServer.gateDtmf, D44); undefined relays every key.
   */
  dtmfGate: DtmfGate | undefined;
  /**
   * While the leg is relayed natively its endpoint has no sockets: packets
   * for its far end go out of the native leg, in the stream the native
   * relay continues (set by RelayOffload).
   */
  nativeSend: ((packet: Buffer) => void) | undefined;
  /** Set by a conference room or music on hold while they feed this leg. */
  externalSource: string | undefined;
  isInbandDetected = false;
  private negotiation: LegNegotiation | undefined;
  private transcoder: Transcoder | undefined;
  /** Maps timestamps when the transcoded codecs' RTP clocks differ (Opus ↔ G.711). */
  private rescaler: TimestampRescaler | undefined;
  /** The payload type the peer's codec uses, when only the number differs. */
  private peerPt = -1;
  private player: Player | undefined;
  private eventSender: TelephoneEventSender | undefined;
  private readonly eventReceiver = new TelephoneEventReceiver();
  private detector: DtmfDetector | undefined;
  private readonly hooks: MediaLegHooks;
  private readonly scheduler: MediaScheduler;
  /** What we originate is one source of `outgoing`, with its own numbering. */
  private readonly ssrc = (Math.random() * 0x100000000) >>> 0;
  private seq = (Math.random() * 0x10000) >>> 0;
  private timestamp = (Math.random() * 0x100000000) >>> 0;
  private isMarkerNext = true;
  private isScheduled = false;
  private isClosed = false;
  private frame = new Int16Array(160);

  constructor(
    ref: MediaSessionRef,
    endpoint: MediaEndpoint,
    scheduler: MediaScheduler,
    hooks: MediaLegHooks,
  ) {
    this.ref = ref;
    this.endpoint = endpoint;
    this.scheduler = scheduler;
    this.hooks = hooks;
    endpoint.onRtp = this.receive;
    endpoint.onRtcp = (packet) => {
      const peer = this.peer;
      if (peer === undefined || peer.isOriginating || !peer.canSend) return;
      peer.outgoing.mapRtcp(packet);
      // The far end's reports about what we send it are about the peer's
      // stream while we relay the peer.
      if (!this.isOriginating && this.externalSource === undefined) {
        this.outgoing.unmapReportBlocks(packet);
      }
      peer.endpoint.sendRtcp(packet);
    };
  }

  /** The agreed codec; undefined before the first answer. */
  get codec(): Codec | undefined {
    return this.negotiation?.codec;
  }

  get telephoneEventPt(): number {
    return this.negotiation?.telephoneEventPt ?? -1;
  }

  /** PCM rate of this leg's codec; 8000 before negotiation. */
  get sampleRateHz(): number {
    return this.negotiation?.codec?.sampleRateHz ?? 8000;
  }

  /** True while relayed media to this leg is replaced by our own. */
  get isOriginating(): boolean {
    return (
      this.externalSource !== undefined ||
      this.player?.isPlaying === true ||
      (this.eventSender !== undefined && this.eventSender.state !== 'idle') ||
      (this.eventSender?.queuedCount ?? 0) > 0
    );
  }

  /** How offer/answer set this leg up; undefined before the first answer. */
  get negotiated(): LegNegotiation | undefined {
    return this.negotiation;
  }

  /**
   * True if what arrives is sent to the peer byte for byte: both legs
   * agreed on the same codec with the same payload type, so neither a
   * Transcoder nor a payload type rewrite runs.
   */
  get isByteRelay(): boolean {
    return (
      this.negotiation !== undefined &&
      this.peer?.negotiation !== undefined &&
      this.transcoder === undefined &&
      this.peerPt < 0
    );
  }

  /** True if the far end asked to receive (not on hold towards it). */
  get canSend(): boolean {
    return this.negotiation?.isSendingTo ?? true;
  }

  /** Applies the outcome of offer/answer. */
  negotiate(n: LegNegotiation): void {
    this.negotiation = n;
    this.outgoing.setClockRate(n.codec?.clockRateHz ?? 8000);
    this.outgoing.telephoneEventPt = n.telephoneEventPt;
    const size = n.codec?.frameSamples(20) ?? 160;
    if (this.frame.length !== size) this.frame = new Int16Array(size);
    if (this.player !== undefined && this.player.sampleRateHz !== this.sampleRateHz) {
      this.player.stop();
      this.player = undefined;
    }
  }

  /** Recomputes how packets reach the peer; call after either side changes. */
  rewire(): void {
    this.transcoder = undefined;
    this.rescaler = undefined;
    this.peerPt = -1;
    const mine = this.negotiation;
    const theirs = this.peer?.negotiation;
    if (mine === undefined || theirs === undefined) return;
    if (isSameCodec(mine.sdpCodec, theirs.sdpCodec)) {
      if (mine.sdpCodec.payloadType !== theirs.sdpCodec.payloadType) {
        this.peerPt = theirs.sdpCodec.payloadType;
      }
      return;
    }
    if (mine.codec !== undefined && theirs.codec !== undefined) {
      this.transcoder = new Transcoder(mine.codec, theirs.codec);
      const rescaler = new TimestampRescaler(mine.codec.clockRateHz, theirs.codec.clockRateHz);
      if (rescaler.isNeeded) this.rescaler = rescaler;
    }
  }

  /** The Player of this leg, created at the codec's rate on first use. */
  getPlayer(): Player {
    if (this.player === undefined) this.player = new Player({ sampleRateHz: this.sampleRateHz });
    this.schedule();
    return this.player;
  }

  /** Queues RFC 4733 digits (throws ValidationError on a bad digit). */
  sendEvents(digits: string, durationMs: number, pauseMs: number): void {
    if (this.eventSender === undefined || this.eventSender.state === 'idle') {
      this.eventSender = new TelephoneEventSender({ pauseMs, durationMs });
    }
    this.eventSender.enqueue(digits, durationMs);
    this.schedule();
  }

  /** Encodes and sends one frame of PCM at the codec's rate. */
  sendPcm(pcm: Int16Array): void {
    const codec = this.codec;
    if (codec === undefined || this.isClosed) return;
    const ts = this.advance(pcm.length);
    if (!this.canSend) return;
    this.send(codec.payloadType, ts, this.isMarkerNext, codec.encode(pcm));
    this.isMarkerNext = false;
    for (const listener of this.outbound) listener(pcm);
  }

  /**
   * Takes an RFC 4733 packet that the native relay copied to us: it has
   * forwarded the packet itself, so only the 'dtmf' path runs here.
   */
  receiveTapped(packet: Buffer): void {
    if (this.isClosed || packet.length < 12) return;
    if ((packet[1]! & 0x7f) !== this.telephoneEventPt) return;
    if (this.dtmfGate === undefined) {
      this.receiveEvent(packet);
      return;
    }
    // Diverted (the native relay did not forward it): the gate decides,
    // as for a packet received here.
    this.receive(packet);
  }

  /** The leg's clock: monotonic ms, the time base of its outgoing stream. */
  nowMs(): number {
    return this.hooks.nowMs();
  }

  /** Ends events whose end packets were lost (RFC 4733 §2.5.2.1). */
  poll(nowMs: number): void {
    for (const ev of this.eventReceiver.poll(nowMs)) this.hooks.dtmf(this, ev, 'rfc4733');
    const late = this.dtmfGate?.expire(nowMs);
    if (late !== undefined && late !== '') this.releaseKeys(late);
  }

  /** Runs one 20 ms interval while originating: an event packet or a frame. */
  tick(): void {
    const sender = this.eventSender;
    if (sender !== undefined && (sender.state !== 'idle' || sender.queuedCount > 0)) {
      const ts = this.advance(this.frame.length);
      const event = sender.tick(ts);
      if (event !== undefined && this.telephoneEventPt >= 0 && this.canSend) {
        const payload = serializeTelephoneEvent(event.payload);
        this.send(this.telephoneEventPt, event.timestamp, event.isMarker, Buffer.from(payload));
      }
      this.isMarkerNext = true;
      return;
    }
    if (this.player?.isPlaying === true) {
      this.player.readFrame(this.frame);
      this.sendPcm(this.frame);
      return;
    }
    this.isMarkerNext = true;
    this.isScheduled = false;
    this.scheduler.remove(this);
  }

  /** Stops what the leg originates and unhooks the endpoint; idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.player?.stop();
    this.eventSender?.clear();
    this.scheduler.remove(this);
    this.inbound.clear();
    this.outbound.clear();
    if (this.peer?.peer === this) {
      this.peer.peer = undefined;
      this.peer.rewire();
    }
    this.peer = undefined;
    this.endpoint.close();
  }

  private schedule(): void {
    if (this.isScheduled || this.isClosed) return;
    this.isScheduled = true;
    this.scheduler.add(this);
  }

  /** Moves our RTP clock on by `samples` and returns the slot's timestamp. */
  private advance(samples: number): number {
    const ts = this.timestamp;
    const clockRate = this.codec?.clockRateHz ?? 8000;
    const ticks = Math.round((samples * clockRate) / this.sampleRateHz);
    this.timestamp = (this.timestamp + ticks) >>> 0;
    return ts;
  }

  private send(payloadType: number, timestamp: number, marker: boolean, payload: Uint8Array) {
    const packet = Buffer.allocUnsafe(12 + payload.length);
    packet[0] = 0x80;
    packet[1] = (marker ? 0x80 : 0) | payloadType;
    packet.writeUInt16BE(this.seq, 2);
    packet.writeUInt32BE(timestamp >>> 0, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    packet.set(payload, 12);
    this.seq = (this.seq + 1) & 0xffff;
    this.stats.originated++;
    this.outgoing.map(packet, this.hooks.nowMs());
    this.endpoint.sendRtp(packet);
  }

  /*
   *  The relay fast path reads only the payload type (RFC 3550 §5.1):
   *
   *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
   */
  private readonly receive = (packet: Buffer): void => {
    const pt = packet[1]! & 0x7f;
    const n = this.negotiation;
    const peer = this.peer;
    if (n === undefined) {
      // Before the answer (early media) packets pass as they are.
      this.forwardRaw(packet, peer);
      return;
    }
    if (pt === n.sdpCodec.payloadType) {
      const hasTaps = this.inbound.size > 0 || this.isInbandDetected;
      const hasPeerTaps = peer !== undefined && peer.outbound.size > 0;
      const pcm = hasTaps || hasPeerTaps ? this.decode(packet) : undefined;
      if (pcm !== undefined) {
        for (const listener of this.inbound) listener(pcm);
        if (this.isInbandDetected) this.detectInband(pcm);
      }
      if (peer === undefined || peer.isOriginating || !peer.canSend) {
        this.stats.suppressed++;
        return;
      }
      if (this.transcoder !== undefined) this.forwardTranscoded(packet, peer);
      else this.forwardRaw(packet, peer, this.peerPt);
      if (pcm !== undefined && hasPeerTaps) for (const listener of peer.outbound) listener(pcm);
      return;
    }
    if (pt === n.telephoneEventPt) {
      this.receiveEvent(packet);
      if (this.dtmfGate !== undefined && !this.passesGate(packet)) {
        this.stats.suppressed++;
        return;
      }
      if (peer !== undefined && peer.telephoneEventPt >= 0 && !peer.isOriginating && peer.canSend) {
        if (this.rescaler !== undefined) this.rescaleEvent(packet, this.rescaler);
        this.forwardRaw(packet, peer, peer.telephoneEventPt === pt ? -1 : peer.telephoneEventPt);
      }
      return;
    }
    if (pt === CN_PT && this.transcoder === undefined) {
      this.forwardRaw(packet, peer);
      return;
    }
    this.stats.unknownPayloadType++;
  };

  /** Rules on an RFC 4733 packet of a gated leg (DtmfGate.event). */
  private passesGate(packet: Buffer): boolean {
    const range = payloadRange(packet);
    if (range === undefined) return true;
    const ts = packet.readUInt32BE(4);
    const verdict = this.dtmfGate!.event(ts, packet[range[0]]!, this.hooks.nowMs());
    if (verdict.released !== '') this.releaseKeys(verdict.released);
    if (verdict.isForwarded && this.peer?.isSendingEvents === true) {
      // Released keys are still going out as new events, and a relayed key
      // would be lost under them: it follows them instead, in order.
      if (verdict.key !== undefined) this.releaseKeys(verdict.key);
      return false;
    }
    return verdict.isForwarded;
  }

  /** RFC 4733 events of ours are being sent (sendEvents, released keys). */
  get isSendingEvents(): boolean {
    const sender = this.eventSender;
    return sender !== undefined && (sender.state !== 'idle' || sender.queuedCount > 0);
  }

  /** Sends keys the gate held back on to the peer, as new events. */
  private releaseKeys(keys: string): void {
    const peer = this.peer;
    if (peer === undefined || peer.telephoneEventPt < 0 || !peer.canSend) return;
    if (peer.nativeSend !== undefined) this.hooks.takeBack?.(peer);
    peer.sendEvents(keys, RELEASED_KEY_MS, RELEASED_GAP_MS);
  }

  private forwardRaw(packet: Buffer, peer: MediaLeg | undefined, rewritePt = -1): void {
    if (peer === undefined || peer.isOriginating || !peer.canSend) {
      this.stats.suppressed++;
      return;
    }
    if (rewritePt >= 0) packet[1] = (packet[1]! & 0x80) | rewritePt;
    this.stats.forwarded++;
    if (peer.nativeSend !== undefined) {
      peer.nativeSend(packet);
      return;
    }
    peer.outgoing.map(packet, this.hooks.nowMs());
    peer.endpoint.sendRtp(packet);
  }

  private forwardTranscoded(packet: Buffer, peer: MediaLeg): void {
    const range = payloadRange(packet);
    const out = range && this.transcoder!.transcode(packet.subarray(range[0], range[1]));
    if (range === undefined || out === undefined || !out.ok) {
      this.stats.decodeErrors++;
      return;
    }
    const offset = range[0];
    const copy = Buffer.allocUnsafe(offset + out.value.length);
    packet.copy(copy, 0, 0, offset);
    copy.set(out.value, offset);
    copy[0] = copy[0]! & 0xdf; // The padding, if any, was not copied.
    copy[1] = (packet[1]! & 0x80) | this.transcoder!.to.payloadType;
    if (this.rescaler !== undefined)
      copy.writeUInt32BE(this.rescaler.map(packet.readUInt32BE(4)), 4);
    this.stats.forwarded++;
    peer.outgoing.map(copy, this.hooks.nowMs());
    peer.endpoint.sendRtp(copy);
  }

  /**
   * An RFC 4733 event relayed between legs whose clocks differ: its
   * timestamp follows the audio's mapping and its duration (§2.3.5, in
   * timestamp units) is scaled the same way, capped at 16 bits.
   */
  private rescaleEvent(packet: Buffer, rescaler: TimestampRescaler): void {
    const range = payloadRange(packet);
    if (range === undefined || range[1] - range[0] < 4) return;
    packet.writeUInt32BE(rescaler.map(packet.readUInt32BE(4)), 4);
    const duration = packet.readUInt16BE(range[0] + 2);
    packet.writeUInt16BE(Math.min(0xffff, rescaler.scaleDuration(duration)), range[0] + 2);
  }

  private decode(packet: Buffer): Int16Array | undefined {
    const range = payloadRange(packet);
    const codec = this.codec;
    if (range === undefined || codec === undefined) return undefined;
    const pcm = codec.decode(packet.subarray(range[0], range[1]));
    if (pcm.ok) return pcm.value;
    this.stats.decodeErrors++;
    return undefined;
  }

  private detectInband(pcm: Int16Array): void {
    this.detector ??= new DtmfDetector({ sampleRateHz: this.sampleRateHz });
    for (const ev of this.detector.process(pcm)) this.hooks.dtmf(this, ev, 'inband');
  }

  private receiveEvent(packet: Buffer): void {
    const range = payloadRange(packet);
    if (range === undefined) return;
    const input = {
      payload: packet.subarray(range[0], range[1]),
      timestamp: packet.readUInt32BE(4),
      sequenceNumber: packet.readUInt16BE(2),
    };
    for (const ev of this.eventReceiver.receive(input, this.hooks.nowMs())) {
      this.hooks.dtmf(this, ev, 'rfc4733');
    }
  }
}
