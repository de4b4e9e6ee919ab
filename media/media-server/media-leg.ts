import type { MediaSessionRef } from '../../core/index.ts';
import type { Codec } from '../codecs/index.ts';
import type { DtmfEvent } from '../dtmf/index.ts';
import type { MediaEndpoint, MediaScheduler, ScheduledStream } from '../endpoint/index.ts';
import type { Player } from '../player/index.ts';
import type { DtmfGate } from './dtmf-gate.ts';
import { LegRelay } from './leg-relay.ts';
import type { LegNegotiation } from './leg-negotiation.ts';
import type { MediaLegStats } from './media-leg-stats.ts';
import { OriginatedMedia } from './originated-media.ts';
import { OutgoingStream } from './outgoing-stream.ts';
import type { SessionDescription } from '../sdp/index.ts';

export type { LegNegotiation } from './leg-negotiation.ts';
export type { MediaLegStats } from './media-leg-stats.ts';

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
  /**
   * Keys relayed to `to`, a leg without telephone-event whose party takes
   * keys as tones or in SIP INFO (dtmfMode 'inband' or 'info').
   */
  convertKeys?(to: MediaLeg, keys: string, durationMs: number): void;
}

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
  /** How the leg's party sends and takes keys (MediaOfferOptions.dtmfMode). */
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
  private readonly hooks: MediaLegHooks;
  /** What arrives from the far end, on its way to the peer. */
  private readonly relay: LegRelay;
  /** What the leg sends of its own instead of the peer's. */
  private readonly source: OriginatedMedia;
  private isClosed = false;

  constructor(
    ref: MediaSessionRef,
    endpoint: MediaEndpoint,
    scheduler: MediaScheduler,
    hooks: MediaLegHooks,
  ) {
    this.ref = ref;
    this.endpoint = endpoint;
    this.hooks = hooks;
    this.relay = new LegRelay(this, {
      dtmf: (event, source) => hooks.dtmf(this, event, source),
      nowMs: () => hooks.nowMs(),
      releaseKeys: (keys) => this.releaseKeys(keys),
      convertKey: (digit, durationMs) => {
        if (this.peer !== undefined) hooks.convertKeys?.(this.peer, digit, durationMs);
      },
    });
    this.source = new OriginatedMedia(this, scheduler);
    endpoint.onRtp = this.relay.receive;
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
    return this.externalSource !== undefined || this.source.isActive;
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
      this.relay.isUnchanged
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
    this.source.negotiated(n.codec?.frameSamples(20) ?? 160);
  }

  /** Recomputes how packets reach the peer; call after either side changes. */
  rewire(): void {
    this.relay.rewire(this.negotiation, this.peer?.negotiation);
  }

  /** The Player of this leg, created at the codec's rate on first use. */
  getPlayer(): Player {
    return this.source.getPlayer();
  }

  /** Queues RFC 4733 digits (throws ValidationError on a bad digit). */
  sendEvents(digits: string, durationMs: number, pauseMs: number): void {
    this.source.sendEvents(digits, durationMs, pauseMs);
  }

  /** Encodes and sends one frame of PCM at the codec's rate. */
  sendPcm(pcm: Int16Array): void {
    this.source.sendPcm(pcm);
  }

  /** RFC 4733 events of ours are being sent (sendEvents, released keys). */
  get isSendingEvents(): boolean {
    return this.source.isSendingEvents;
  }

  /**
   * Takes an RFC 4733 packet that the native relay copied to us: it has
   * forwarded the packet itself, so only the 'dtmf' path runs here.
   */
  receiveTapped(packet: Buffer): void {
    if (this.isClosed || packet.length < 12) return;
    if ((packet[1]! & 0x7f) !== this.telephoneEventPt) return;
    if (this.dtmfGate === undefined) {
      this.relay.receiveEvent(packet);
      return;
    }
    // Diverted (the native relay did not forward it): the gate decides,
    // as for a packet received here.
    this.relay.receive(packet);
  }

  /** The leg's clock: monotonic ms, the time base of its outgoing stream. */
  nowMs(): number {
    return this.hooks.nowMs();
  }

  /** Ends events whose end packets were lost (RFC 4733 §2.5.2.1). */
  poll(nowMs: number): void {
    this.relay.pollEvents(nowMs);
    const late = this.dtmfGate?.expire(nowMs);
    if (late !== undefined && late !== '') this.releaseKeys(late);
  }

  /** Runs one 20 ms interval while originating: an event packet or a frame. */
  tick(): void {
    this.source.tick();
  }

  /** Stops what the leg originates and unhooks the endpoint; idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.source.close();
    this.inbound.clear();
    this.outbound.clear();
    if (this.peer?.peer === this) {
      this.peer.peer = undefined;
      this.peer.rewire();
    }
    this.peer = undefined;
    this.endpoint.close();
  }

  /** Sends keys the gate held back on to the peer, as new events. */
  private releaseKeys(keys: string): void {
    const peer = this.peer;
    const isConverted = peer?.dtmfMode === 'inband' || peer?.dtmfMode === 'info';
    if (peer !== undefined && peer.telephoneEventPt < 0 && isConverted) {
      this.hooks.convertKeys?.(peer, keys, RELEASED_KEY_MS);
      return;
    }
    if (peer === undefined || peer.telephoneEventPt < 0 || !peer.canSend) return;
    if (peer.nativeSend !== undefined) this.hooks.takeBack?.(peer);
    peer.sendEvents(keys, RELEASED_KEY_MS, RELEASED_GAP_MS);
  }
}
