/*
 * The send side of a MediaLeg that is not relayed (media-leg.ts): prompts,
 * tones and music from its Player, RFC 4733 events and PCM frames, sent
 * as one RTP source of our own and mapped into the leg's outgoing stream.
 */
import type { Codec } from '../codecs/index.ts';
import { TelephoneEventSender, serializeTelephoneEvent } from '../dtmf/index.ts';
import type { MediaEndpoint, MediaScheduler, ScheduledStream } from '../endpoint/index.ts';
import { Player } from '../player/index.ts';
import type { MediaLegStats } from './media-leg-stats.ts';
import type { OutgoingStream } from './outgoing-stream.ts';

/** The leg the media is originated on (a MediaLeg), ticked by the scheduler. */
export interface OriginatingLeg extends ScheduledStream {
  readonly codec: Codec | undefined;
  readonly sampleRateHz: number;
  readonly telephoneEventPt: number;
  readonly canSend: boolean;
  readonly stats: MediaLegStats;
  readonly outbound: ReadonlySet<(pcm: Int16Array) => void>;
  readonly outgoing: OutgoingStream;
  readonly endpoint: MediaEndpoint;
  nowMs(): number;
}

/**
 * What one leg originates, every 20 ms while there is any: the next RFC
 * 4733 event packet, else the next frame of its Player. While it does,
 * the leg is on the scheduler; it leaves it when both are done.
 */
export class OriginatedMedia {
  private player: Player | undefined;
  private eventSender: TelephoneEventSender | undefined;
  /** What we originate is one source of `outgoing`, with its own numbering. */
  private readonly ssrc = (Math.random() * 0x100000000) >>> 0;
  private seq = (Math.random() * 0x10000) >>> 0;
  private timestamp = (Math.random() * 0x100000000) >>> 0;
  private isMarkerNext = true;
  private isScheduled = false;
  private isClosed = false;
  private frame = new Int16Array(160);

  constructor(
    private readonly leg: OriginatingLeg,
    private readonly scheduler: MediaScheduler,
  ) {}

  /** True while the Player plays or RFC 4733 events are queued or sent. */
  get isActive(): boolean {
    return (
      this.player?.isPlaying === true ||
      (this.eventSender !== undefined && this.eventSender.state !== 'idle') ||
      (this.eventSender?.queuedCount ?? 0) > 0
    );
  }

  /** Follows a new negotiation: the frame size, and a Player at the old rate stops. */
  negotiated(frameSamples: number): void {
    if (this.frame.length !== frameSamples) this.frame = new Int16Array(frameSamples);
    if (this.player !== undefined && this.player.sampleRateHz !== this.leg.sampleRateHz) {
      this.player.stop();
      this.player = undefined;
    }
  }

  /** The Player of this leg, created at the codec's rate on first use. */
  getPlayer(): Player {
    if (this.player === undefined)
      this.player = new Player({ sampleRateHz: this.leg.sampleRateHz });
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
    const codec = this.leg.codec;
    if (codec === undefined || this.isClosed) return;
    const ts = this.advance(pcm.length);
    if (!this.leg.canSend) return;
    this.send(codec.payloadType, ts, this.isMarkerNext, codec.encode(pcm));
    this.isMarkerNext = false;
    for (const listener of this.leg.outbound) listener(pcm);
  }

  /** RFC 4733 events of ours are being sent (sendEvents, released keys). */
  get isSendingEvents(): boolean {
    const sender = this.eventSender;
    return sender !== undefined && (sender.state !== 'idle' || sender.queuedCount > 0);
  }

  /** Runs one 20 ms interval while originating: an event packet or a frame. */
  tick(): void {
    const sender = this.eventSender;
    if (sender !== undefined && (sender.state !== 'idle' || sender.queuedCount > 0)) {
      const ts = this.advance(this.frame.length);
      const event = sender.tick(ts);
      if (event !== undefined && this.leg.telephoneEventPt >= 0 && this.leg.canSend) {
        const payload = serializeTelephoneEvent(event.payload);
        this.send(this.leg.telephoneEventPt, event.timestamp, event.isMarker, Buffer.from(payload));
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
    this.scheduler.remove(this.leg);
  }

  private schedule(): void {
    if (this.isScheduled || this.isClosed) return;
    this.isScheduled = true;
    this.scheduler.add(this.leg);
  }

  /** Moves our RTP clock on by `samples` and returns the slot's timestamp. */
  private advance(samples: number): number {
    const ts = this.timestamp;
    const clockRate = this.leg.codec?.clockRateHz ?? 8000;
    const ticks = Math.round((samples * clockRate) / this.leg.sampleRateHz);
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
    this.leg.stats.originated++;
    this.leg.outgoing.map(packet, this.leg.nowMs());
    this.leg.endpoint.sendRtp(packet);
  }

  /** Stops what the leg originates and takes it off the scheduler. */
  close(): void {
    this.isClosed = true;
    this.player?.stop();
    this.eventSender?.clear();
    this.scheduler.remove(this.leg);
  }
}
