import type { NativeStreamState } from '../endpoint/index.ts';

/**
 * One leg's outgoing RTP as one stream (Asterisk's `constantssrc`): what
 * the leg sends comes from several sources in turn (the peer's far end
 * relayed, then music on hold or a prompt we originate, then the far end
 * again, or another far end after a transfer), and each has its own SSRC,
 * sequence numbers and timestamps. The far end must not see those seams:
 * RFC 3550 §8.2 lets it take a new SSRC for a new participant, and a
 * timestamp that jumps backwards makes jitter buffers (baresip's "timestamp
 * wraps backwards") drop or stretch audio. So every packet the leg sends is
 * rewritten in place to one SSRC, with sequence numbers that go on one by
 * one and timestamps that go on with the time that passed (§5.1).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           timestamp                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           synchronization source (SSRC) identifier            |
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *
 * The first source is taken as it is (its SSRC becomes the stream's, with
 * no offsets), so a plain relayed call is sent byte for byte. Within one
 * source, gaps and reordering are kept: only constant offsets are added.
 * The native relay runs the same rules (native/rtp-relay/out-stream.h): the
 * state moves to it when a pair is offloaded (toNative) and comes back
 * when the pair returns (fromNative).
 */
export class OutgoingStream {
  /** The payload type of RFC 4733 events, which keep their own marker bit. */
  telephoneEventPt = -1;
  private clockRate = 8000;
  private streamSsrc = -1;
  private source = -1;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSeq = -1;
  private lastTs = 0;
  private lastSentMs = 0;
  private stepTicks = 160;
  private isMarkerPending = false;
  private isResyncPending = false;
  private switchCount = 0;

  /** The SSRC the far end sees; undefined before the first packet. */
  get ssrc(): number | undefined {
    return this.streamSsrc < 0 ? undefined : this.streamSsrc;
  }

  /** Times the source changed under the stream. */
  get switches(): number {
    return this.switchCount;
  }

  /**
   * True when packets of `sourceSsrc` would leave unchanged: nothing was
   * sent yet, or it is the stream's own first source with no offsets.
   */
  isIdentityFor(sourceSsrc: number): boolean {
    if (this.streamSsrc < 0) return true;
    return (
      this.source === sourceSsrc >>> 0 &&
      this.streamSsrc === this.source &&
      this.seqOffset === 0 &&
      this.tsOffset === 0
    );
  }

  /** The state for the native relay; undefined before the first packet. */
  toNative(nowMs: number): NativeStreamState | undefined {
    if (this.streamSsrc < 0 || this.lastSeq < 0) return undefined;
    return {
      ssrc: this.streamSsrc,
      source: this.source,
      seqOffset: this.seqOffset,
      tsOffset: this.tsOffset,
      lastSeq: this.lastSeq,
      lastTs: this.lastTs,
      sentAgoMs: Math.max(0, nowMs - this.lastSentMs),
      stepTicks: this.stepTicks,
      clockRate: this.clockRate,
      telephoneEventPt: this.telephoneEventPt,
      switches: this.switchCount,
    };
  }

  /**
   * Takes the stream back from the native relay, which went on with it
   * (and may have switched its source) while the leg was offloaded.
   */
  fromNative(state: NativeStreamState, nowMs: number): void {
    this.streamSsrc = state.ssrc >>> 0;
    this.source = state.source >>> 0;
    this.seqOffset = state.seqOffset & 0xffff;
    this.tsOffset = state.tsOffset >>> 0;
    this.lastSeq = state.lastSeq < 0 ? -1 : state.lastSeq & 0xffff;
    this.lastTs = state.lastTs >>> 0;
    this.lastSentMs = nowMs - state.sentAgoMs;
    if (state.stepTicks > 0) this.stepTicks = state.stepTicks;
    this.switchCount = state.switches;
    this.isMarkerPending = false;
    this.isResyncPending = true;
  }

  /** The RTP clock of the leg's codec, for the timestamp steps. */
  setClockRate(clockRateHz: number): void {
    if (clockRateHz === this.clockRate || clockRateHz <= 0) return;
    this.stepTicks = Math.round((this.stepTicks * clockRateHz) / this.clockRate);
    this.clockRate = clockRateHz;
  }

  /** Rewrites the header of `packet` (valid RTP, 12 bytes or more) in place. */
  map(packet: Buffer, nowMs: number): void {
    const ssrc = ((packet[8]! << 24) | (packet[9]! << 16) | (packet[10]! << 8) | packet[11]!) >>> 0;
    const seq = (packet[2]! << 8) | packet[3]!;
    const ts = ((packet[4]! << 24) | (packet[5]! << 16) | (packet[6]! << 8) | packet[7]!) >>> 0;
    if (this.streamSsrc < 0) {
      this.streamSsrc = ssrc;
      this.source = ssrc;
    } else if (ssrc !== this.source) {
      this.switchTo(ssrc, seq, ts, nowMs);
    }
    const outSeq = (seq + this.seqOffset) & 0xffff;
    const outTs = (ts + this.tsOffset) >>> 0;
    this.remember(outSeq, outTs, nowMs);
    if (this.seqOffset !== 0 || this.tsOffset !== 0) {
      packet[2] = outSeq >>> 8;
      packet[3] = outSeq & 0xff;
      packet.writeUInt32BE(outTs, 4);
    }
    if (ssrc !== this.streamSsrc) packet.writeUInt32BE(this.streamSsrc, 8);
    if (this.isMarkerPending) {
      this.isMarkerPending = false;
      if ((packet[1]! & 0x7f) !== this.telephoneEventPt) packet[1] = packet[1]! | 0x80;
    }
  }

  /**
   * Rewrites a relayed RTCP SR or RR from the current source (RFC 3550
   * §6.4.1: sender SSRC at offset 4, the SR's RTP timestamp at 16) so it
   * describes the stream the far end receives. Reports of other sources
   * pass as they are.
   */
  mapRtcp(packet: Buffer): void {
    if (packet.length < 8 || this.streamSsrc < 0) return;
    const pt = packet[1]!;
    if (pt !== 200 && pt !== 201) return;
    if (packet.readUInt32BE(4) !== this.source) return;
    packet.writeUInt32BE(this.streamSsrc, 4);
    if (pt === 200 && packet.length >= 20) {
      packet.writeUInt32BE((packet.readUInt32BE(16) + this.tsOffset) >>> 0, 16);
    }
  }

  /**
   * Rewrites the report blocks of a relayed compound RTCP packet (RFC 3550
   * §6.4.1) that are about this stream, as the far end received it, so
   * that they describe the source's own stream for the party that sends
   * it: its SSRC, and the extended highest sequence number in its own
   * numbering. Fraction and cumulative loss, jitter (timestamp units), LSR
   * and DLSR need no change. Call it on the leg whose stream the blocks
   * are about, while that stream relays the party the packet goes to.
   */
  unmapReportBlocks(packet: Buffer): void {
    if (this.streamSsrc < 0) return;
    let off = 0;
    while (off + 8 <= packet.length) {
      const pt = packet[off + 1]!;
      const count = packet[off]! & 0x1f;
      const end = off + (packet.readUInt16BE(off + 2) + 1) * 4;
      if (end > packet.length) return;
      let block = pt === 200 ? off + 28 : pt === 201 ? off + 8 : end;
      for (let i = 0; i < count && block + 24 <= end; i++, block += 24) {
        if (packet.readUInt32BE(block) !== this.streamSsrc) continue;
        packet.writeUInt32BE(this.source, block);
        //  |   sequence number cycles count  | highest sequence number received |
        const ext = packet.readUInt32BE(block + 8);
        const seq = ext & 0xffff;
        const mapped = (seq - this.seqOffset) & 0xffff;
        const cycles = Math.max(0, (ext >>> 16) - (mapped > seq ? 1 : 0));
        packet.writeUInt32BE((((cycles & 0xffff) << 16) | mapped) >>> 0, block + 8);
      }
      off = end;
    }
  }

  /**
   * A new source continues the stream: the next sequence number, and a
   * timestamp as far on from the last one as the time that passed, in
   * whole frames (at least one), so the far end plays it in time.
   */
  private switchTo(ssrc: number, seq: number, ts: number, nowMs: number): void {
    this.source = ssrc;
    this.switchCount++;
    const stepMs = (this.stepTicks * 1000) / this.clockRate;
    const frames = Math.max(1, Math.round((nowMs - this.lastSentMs) / stepMs));
    const nextSeq = (this.lastSeq + 1) & 0xffff;
    const nextTs = (this.lastTs + frames * this.stepTicks) >>> 0;
    this.seqOffset = (nextSeq - seq) & 0xffff;
    this.tsOffset = (nextTs - ts) >>> 0;
    this.isMarkerPending = true;
    this.isResyncPending = true;
  }

  /** Keeps the newest packet sent, and learns the frame step from neighbours. */
  private remember(outSeq: number, outTs: number, nowMs: number): void {
    const ahead = (outSeq - this.lastSeq) & 0xffff;
    if (this.isResyncPending || this.lastSeq < 0) {
      this.isResyncPending = false;
    } else if (ahead === 0 || ahead >= 0x8000) {
      // A reordered or repeated packet: the newest one stays the reference.
      return;
    } else if (ahead === 1) {
      const step = (outTs - this.lastTs) >>> 0;
      if (step > 0 && step < this.clockRate) this.stepTicks = step;
    }
    this.lastSeq = outSeq;
    this.lastTs = outTs;
    this.lastSentMs = nowMs;
  }
}
