import { TypedEmitter, systemClock } from '../../core/index.ts';
import type { Clock, Logger } from '../../core/index.ts';
import type { Codec } from '../codecs/index.ts';
import {
  TelephoneEventReceiver,
  TelephoneEventSender,
  serializeTelephoneEvent,
} from '../dtmf/index.ts';
import type { DtmfEvent } from '../dtmf/index.ts';
import { JitterBuffer, PcmConcealer } from '../jitter-buffer/index.ts';
import type { JitterBufferOptions } from '../jitter-buffer/index.ts';
import { parseRtpPacket, serializeRtpPacket } from '../rtp/index.ts';
import type { MediaEndpoint } from './media-endpoint.ts';
import type { ScheduledStream } from './media-scheduler.ts';

/** Settings of a TerminatedStream. */
export interface TerminatedStreamOptions {
  readonly endpoint: MediaEndpoint;
  /** The negotiated audio codec, one instance per stream. */
  readonly codec: Codec;
  /** The negotiated telephone-event payload type (RFC 4733 §7.1.1), if any. */
  readonly telephoneEventPayloadType?: number;
  readonly ptimeMs?: number;
  readonly jitterBuffer?: JitterBufferOptions;
  /** Our SSRC; random unless given. */
  readonly ssrc?: number;
  /** PCM frames queued for sending before the oldest is dropped; 10 unless given. */
  readonly maxQueuedFrames?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Events of a TerminatedStream. */
export type TerminatedStreamEvents = {
  /** One ptime of received audio as PCM at the codec's sample rate (concealed if lost). */
  frame: [Int16Array];
  /** A key went down or up (RFC 4733 events). */
  dtmf: [DtmfEvent];
};

/** Counters of a TerminatedStream. */
export interface TerminatedStreamStats {
  malformed: number;
  decodeErrors: number;
  /** Payload types that are neither the codec, telephone-event nor CN. */
  unknownPayloadType: number;
  framesDecoded: number;
  framesConcealed: number;
  framesSent: number;
  /** PCM frames dropped because the send queue was full. */
  framesDropped: number;
  eventPacketsSent: number;
}

/** Comfort noise (RFC 3389), static PT 13: accepted and not played. */
const CN_PT = 13;

/**
 * Terminate mode: the far end's RTP is decoded into ptime-long PCM frames
 * through the jitter buffer, and PCM given to sendFrame() is encoded and
 * sent, both paced by a MediaScheduler calling tick() every ptime. RFC 4733
 * events become 'dtmf' events; sendDtmf() replaces audio with event packets
 * while a digit is sent, as RFC 4733 §2.5.1 expects of a sender.
 */
export class TerminatedStream
  extends TypedEmitter<TerminatedStreamEvents>
  implements ScheduledStream
{
  readonly stats: TerminatedStreamStats = {
    malformed: 0,
    decodeErrors: 0,
    unknownPayloadType: 0,
    framesDecoded: 0,
    framesConcealed: 0,
    framesSent: 0,
    framesDropped: 0,
    eventPacketsSent: 0,
  };
  readonly endpoint: MediaEndpoint;
  readonly ssrc: number;
  private readonly codec: Codec;
  private readonly eventPt: number;
  private readonly clock: Clock;
  private readonly jitterBuffer: JitterBuffer;
  private readonly concealer = new PcmConcealer();
  private readonly eventReceiver: TelephoneEventReceiver;
  private readonly eventSender: TelephoneEventSender;
  private readonly samplesPerFrame: number;
  private readonly ticksPerFrame: number;
  private readonly maxQueuedFrames: number;
  private readonly sendQueue: Int16Array[] = [];
  private seq: number;
  private timestamp: number;
  private isMarkerNext = true;

  constructor(options: TerminatedStreamOptions) {
    super(options.logger);
    const ptimeMs = options.ptimeMs ?? 20;
    this.endpoint = options.endpoint;
    this.codec = options.codec;
    this.eventPt = options.telephoneEventPayloadType ?? -1;
    this.clock = options.clock ?? systemClock;
    this.ssrc = (options.ssrc ?? Math.random() * 0x100000000) >>> 0;
    this.samplesPerFrame = options.codec.frameSamples(ptimeMs);
    this.ticksPerFrame = Math.round((options.codec.clockRateHz * ptimeMs) / 1000);
    this.maxQueuedFrames = options.maxQueuedFrames ?? 10;
    this.jitterBuffer = new JitterBuffer({
      frameMs: ptimeMs,
      clockRateHz: options.codec.clockRateHz,
      ...options.jitterBuffer,
    });
    this.eventReceiver = new TelephoneEventReceiver({ clockRateHz: options.codec.clockRateHz });
    this.eventSender = new TelephoneEventSender({
      clockRateHz: options.codec.clockRateHz,
      ptimeMs,
    });
    // RFC 3550 §5.1: the initial sequence number and timestamp SHOULD be random.
    this.seq = (Math.random() * 0x10000) >>> 0;
    this.timestamp = (Math.random() * 0x100000000) >>> 0;
    this.endpoint.onRtp = this.receive;
  }

  /** Queues one ptime of PCM (codec sample rate) to send at the next tick. */
  sendFrame(pcm: Int16Array): void {
    if (this.sendQueue.length >= this.maxQueuedFrames) {
      this.sendQueue.shift();
      this.stats.framesDropped++;
    }
    this.sendQueue.push(pcm);
  }

  /** Queues digits to send as RFC 4733 events; throws ValidationError on a bad digit. */
  sendDtmf(digits: string, durationMs?: number): void {
    this.eventSender.enqueue(digits, durationMs);
  }

  /** Runs one interval: plays out one received frame and sends one packet. */
  tick(_dueMs: number): void {
    const nowMs = this.clock.monotonicMs();
    this.playOut(nowMs);
    for (const ev of this.eventReceiver.poll(nowMs)) this.safeEmit('dtmf', ev);
    this.sendNext();
  }

  /** Unhooks from the endpoint (which the caller owns); idempotent. */
  close(): void {
    if (this.endpoint.onRtp === this.receive) this.endpoint.onRtp = undefined;
    this.removeAllListeners();
  }

  private readonly receive = (packet: Buffer): void => {
    const parsed = parseRtpPacket(packet);
    if (!parsed.ok) {
      this.stats.malformed++;
      return;
    }
    const p = parsed.value;
    const nowMs = this.clock.monotonicMs();
    if (p.payloadType === this.codec.payloadType) {
      this.jitterBuffer.push(
        { sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, isMarker: p.marker },
        p.payload,
        nowMs,
      );
    } else if (p.payloadType === this.eventPt) {
      const input = {
        payload: p.payload,
        timestamp: p.timestamp,
        sequenceNumber: p.sequenceNumber,
      };
      for (const ev of this.eventReceiver.receive(input, nowMs)) this.safeEmit('dtmf', ev);
    } else if (p.payloadType !== CN_PT) {
      this.stats.unknownPayloadType++;
    }
  };

  private playOut(nowMs: number): void {
    const frame = this.jitterBuffer.pop(nowMs);
    if (frame.kind === 'empty') return;
    if (frame.kind === 'lost') {
      this.stats.framesConcealed++;
      this.safeEmit('frame', this.concealer.conceal(this.samplesPerFrame));
      return;
    }
    const pcm = this.codec.decode(frame.payload);
    if (!pcm.ok) {
      this.stats.decodeErrors++;
      this.stats.framesConcealed++;
      this.safeEmit('frame', this.concealer.conceal(this.samplesPerFrame));
      return;
    }
    this.stats.framesDecoded++;
    this.safeEmit('frame', this.concealer.good(pcm.value));
  }

  /*
   * The RTP timestamp moves on every interval, sent or not (RFC 3550 §5.1:
   * it reflects the sampling instant), while the sequence number moves only
   * per packet sent. After a gap the next audio packet carries the marker
   * (RFC 3551 §4.1: the first packet of a talkspurt).
   */
  private sendNext(): void {
    const ts = this.timestamp;
    this.timestamp = (this.timestamp + this.ticksPerFrame) >>> 0;
    const event = this.eventSender.tick(ts);
    const pcm = this.sendQueue.shift();
    if (event !== undefined) {
      if (this.eventPt < 0) return;
      const payload = serializeTelephoneEvent(event.payload);
      const view = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
      this.send(this.eventPt, event.timestamp, event.isMarker, view);
      this.stats.eventPacketsSent++;
      this.isMarkerNext = true;
      return;
    }
    if (pcm === undefined) {
      this.isMarkerNext = true;
      return;
    }
    this.send(this.codec.payloadType, ts, this.isMarkerNext, this.codec.encode(pcm));
    this.isMarkerNext = false;
    this.stats.framesSent++;
  }

  private send(payloadType: number, timestamp: number, marker: boolean, payload: Buffer): void {
    const packet = serializeRtpPacket({
      marker,
      payloadType,
      sequenceNumber: this.seq,
      timestamp,
      ssrc: this.ssrc,
      csrcs: [],
      extension: undefined,
      payload,
      paddingSize: 0,
    });
    this.seq = (this.seq + 1) & 0xffff;
    this.endpoint.sendRtp(packet);
  }
}
