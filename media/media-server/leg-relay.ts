/*
 * The receive side of a MediaLeg (media-leg.ts): how what arrives from
 * the leg's far end reaches its peer, byte for byte, with the payload
 * type rewritten, or through a Transcoder, and how RFC 4733 events and
 * in-band tones on the way are reported.
 */
import { TimestampRescaler, Transcoder } from '../codecs/index.ts';
import type { Codec } from '../codecs/index.ts';
import { DtmfDetector, TelephoneEventReceiver, eventToDigit } from '../dtmf/index.ts';
import type { DtmfEvent } from '../dtmf/index.ts';
import type { MediaEndpoint } from '../endpoint/index.ts';
import { isSameCodec } from '../sdp/index.ts';
import type { DtmfGate } from './dtmf-gate.ts';
import type { LegNegotiation } from './leg-negotiation.ts';
import type { MediaLegStats } from './media-leg-stats.ts';
import type { OutgoingStream } from './outgoing-stream.ts';
import { payloadRange } from './payload-range.ts';

/** Comfort noise (RFC 3389), static PT 13. */
const CN_PT = 13;

/** The peer leg as the relay sends to it (a MediaLeg). */
export interface RelayPeer {
  readonly isOriginating: boolean;
  readonly canSend: boolean;
  readonly telephoneEventPt: number;
  readonly isSendingEvents: boolean;
  readonly outbound: ReadonlySet<(pcm: Int16Array) => void>;
  readonly outgoing: OutgoingStream;
  readonly endpoint: MediaEndpoint;
  readonly nativeSend: ((packet: Buffer) => void) | undefined;
  /** How the peer's party takes keys (MediaOfferOptions.dtmfMode). */
  readonly dtmfMode: 'rfc4733' | 'info' | 'inband' | undefined;
}

/** The leg whose arrivals the relay routes (a MediaLeg). */
export interface RelayedLeg {
  readonly negotiated: LegNegotiation | undefined;
  readonly peer: RelayPeer | undefined;
  readonly codec: Codec | undefined;
  readonly sampleRateHz: number;
  readonly stats: MediaLegStats;
  readonly inbound: ReadonlySet<(pcm: Int16Array) => void>;
  readonly isInbandDetected: boolean;
  readonly dtmfGate: DtmfGate | undefined;
}

/** What the relay reports to its leg. */
export interface LegRelayHooks {
  dtmf(event: DtmfEvent, source: 'rfc4733' | 'inband'): void;
  /** Monotonic time in ms, for RFC 4733 arrival times. */
  nowMs(): number;
  /** Sends keys the leg's DtmfGate held back on to the peer. */
  releaseKeys(keys: string): void;
  /**
   * A key for a peer without telephone-event that takes keys as tones or
   * in SIP INFO (dtmfMode 'inband' or 'info'): the media server sends it so.
   */
  convertKey(digit: string, durationMs: number): void;
}

/**
 * Routes what arrives on one leg: to the peer as it is when both legs
 * agreed on the same codec, with the peer's payload type when only the
 * number differs, or through a Transcoder (and a TimestampRescaler when
 * the RTP clocks differ) when they did not; PCM goes to the taps.
 */
export class LegRelay {
  private transcoder: Transcoder | undefined;
  /** Maps timestamps when the transcoded codecs' RTP clocks differ (Opus ↔ G.711). */
  private rescaler: TimestampRescaler | undefined;
  /** The payload type the peer's codec uses, when only the number differs. */
  private peerPt = -1;
  private readonly eventReceiver = new TelephoneEventReceiver();
  private detector: DtmfDetector | undefined;
  /** The RTP timestamp of the last event passed on by convertKey() (its end is sent thrice). */
  private convertedTs = -1;

  constructor(
    private readonly leg: RelayedLeg,
    private readonly hooks: LegRelayHooks,
  ) {}

  /** True if packets go out as they came: no Transcoder, no payload type rewrite. */
  get isUnchanged(): boolean {
    return this.transcoder === undefined && this.peerPt < 0;
  }

  /** Recomputes how packets reach the peer from both legs' negotiations. */
  rewire(mine: LegNegotiation | undefined, theirs: LegNegotiation | undefined): void {
    this.transcoder = undefined;
    this.rescaler = undefined;
    this.peerPt = -1;
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

  /** Ends events whose end packets were lost (RFC 4733 §2.5.2.1). */
  pollEvents(nowMs: number): void {
    for (const ev of this.eventReceiver.poll(nowMs)) this.hooks.dtmf(ev, 'rfc4733');
  }

  /*
   *  The relay fast path reads only the payload type (RFC 3550 §5.1):
   *
   *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
   */
  readonly receive = (packet: Buffer): void => {
    const pt = packet[1]! & 0x7f;
    const n = this.leg.negotiated;
    const peer = this.leg.peer;
    if (n === undefined) {
      // Before the answer (early media) packets pass as they are.
      this.forwardRaw(packet, peer);
      return;
    }
    if (pt === n.sdpCodec.payloadType) {
      const hasTaps = this.leg.inbound.size > 0 || this.leg.isInbandDetected;
      const hasPeerTaps = peer !== undefined && peer.outbound.size > 0;
      const pcm = hasTaps || hasPeerTaps ? this.decode(packet) : undefined;
      if (pcm !== undefined) {
        for (const listener of this.leg.inbound) listener(pcm);
        if (this.leg.isInbandDetected) this.detectInband(pcm);
      }
      if (peer === undefined || peer.isOriginating || !peer.canSend) {
        this.leg.stats.suppressed++;
        return;
      }
      if (this.transcoder !== undefined) this.forwardTranscoded(packet, peer);
      else this.forwardRaw(packet, peer, this.peerPt);
      if (pcm !== undefined && hasPeerTaps) for (const listener of peer.outbound) listener(pcm);
      return;
    }
    if (pt === n.telephoneEventPt) {
      this.receiveEvent(packet);
      if (this.leg.dtmfGate !== undefined && !this.passesGate(packet)) {
        this.leg.stats.suppressed++;
        return;
      }
      if (peer !== undefined && peer.telephoneEventPt >= 0 && !peer.isOriginating && peer.canSend) {
        if (this.rescaler !== undefined) this.rescaleEvent(packet, this.rescaler);
        this.forwardRaw(packet, peer, peer.telephoneEventPt === pt ? -1 : peer.telephoneEventPt);
      } else if (peer?.dtmfMode === 'inband' || peer?.dtmfMode === 'info') {
        this.convertEvent(packet);
      }
      return;
    }
    if (pt === CN_PT && this.transcoder === undefined) {
      this.forwardRaw(packet, peer);
      return;
    }
    this.leg.stats.unknownPayloadType++;
  };

  /**
   * Hands an event on to a peer that takes keys as tones or in INFO, once,
   * at its first end packet (RFC 4733 §2.5.1.4), with the duration it gives
   * at 8 kHz (RFC 4733 §2.5.1.5's usual clock), at least 80 ms.
   */
  private convertEvent(packet: Buffer): void {
    const range = payloadRange(packet);
    if (range === undefined || range[1] - range[0] < 4) return;
    const [at] = range;
    const ts = packet.readUInt32BE(4);
    if ((packet[at + 1]! & 0x80) === 0 || ts === this.convertedTs) return;
    this.convertedTs = ts;
    const digit = eventToDigit(packet[at]!);
    if (digit === undefined) return;
    const durationMs = Math.min(Math.max(Math.round(packet.readUInt16BE(at + 2) / 8), 80), 1000);
    this.hooks.convertKey(digit, durationMs);
  }

  /** Rules on an RFC 4733 packet of a gated leg (DtmfGate.event). */
  private passesGate(packet: Buffer): boolean {
    const range = payloadRange(packet);
    if (range === undefined) return true;
    const ts = packet.readUInt32BE(4);
    const verdict = this.leg.dtmfGate!.event(ts, packet[range[0]]!, this.hooks.nowMs());
    if (verdict.released !== '') this.hooks.releaseKeys(verdict.released);
    if (verdict.isForwarded && this.leg.peer?.isSendingEvents === true) {
      // Released keys are still going out as new events, and a relayed key
      // would be lost under them: it follows them instead, in order.
      if (verdict.key !== undefined) this.hooks.releaseKeys(verdict.key);
      return false;
    }
    return verdict.isForwarded;
  }

  private forwardRaw(packet: Buffer, peer: RelayPeer | undefined, rewritePt = -1): void {
    if (peer === undefined || peer.isOriginating || !peer.canSend) {
      this.leg.stats.suppressed++;
      return;
    }
    if (rewritePt >= 0) packet[1] = (packet[1]! & 0x80) | rewritePt;
    this.leg.stats.forwarded++;
    if (peer.nativeSend !== undefined) {
      peer.nativeSend(packet);
      return;
    }
    peer.outgoing.map(packet, this.hooks.nowMs());
    peer.endpoint.sendRtp(packet);
  }

  private forwardTranscoded(packet: Buffer, peer: RelayPeer): void {
    const range = payloadRange(packet);
    const out = range && this.transcoder!.transcode(packet.subarray(range[0], range[1]));
    if (range === undefined || out === undefined || !out.ok) {
      this.leg.stats.decodeErrors++;
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
    this.leg.stats.forwarded++;
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
    const codec = this.leg.codec;
    if (range === undefined || codec === undefined) return undefined;
    const pcm = codec.decode(packet.subarray(range[0], range[1]));
    if (pcm.ok) return pcm.value;
    this.leg.stats.decodeErrors++;
    return undefined;
  }

  private detectInband(pcm: Int16Array): void {
    this.detector ??= new DtmfDetector({ sampleRateHz: this.leg.sampleRateHz });
    for (const ev of this.detector.process(pcm)) this.hooks.dtmf(ev, 'inband');
  }

  /** Feeds an RFC 4733 packet to the receiver, for 'dtmf' events. */
  receiveEvent(packet: Buffer): void {
    const range = payloadRange(packet);
    if (range === undefined) return;
    const input = {
      payload: packet.subarray(range[0], range[1]),
      timestamp: packet.readUInt32BE(4),
      sequenceNumber: packet.readUInt16BE(2),
    };
    for (const ev of this.eventReceiver.receive(input, this.hooks.nowMs())) {
      this.hooks.dtmf(ev, 'rfc4733');
    }
  }
}
