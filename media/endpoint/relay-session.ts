import type { MediaEndpoint } from './media-endpoint.ts';

/** Settings of a RelaySession. */
export interface RelaySessionOptions {
  /**
   * Rewrite the SSRC of what leaves each side to a fixed one and keep the
   * sequence numbers and timestamps continuous across source changes, so
   * the far end sees one stream when the near end restarts or is replaced
   * (a transfer behind the B2BUA). Off unless given: packets pass intact.
   */
  readonly isStreamRewritten?: boolean;
  /** The SSRCs to send with when rewriting; random unless given. */
  readonly ssrcToA?: number;
  readonly ssrcToB?: number;
}

/**
 * Rewrites SSRC, sequence number and timestamp in place (RFC 3550 §5.1
 * offsets 2, 4 and 8) so one outgoing stream stays continuous when the
 * incoming SSRC changes: RFC 3550 §8.2 lets a receiver treat a new SSRC as
 * a new participant, which some phones answer by resetting their jitter
 * buffer or muting.
 */
export class StreamRewriter {
  private readonly ssrc: number;
  private inSsrc = -1;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastOutSeq = -1;
  private lastOutTs = 0;
  private lastTsStep = 160;

  constructor(ssrc: number) {
    this.ssrc = ssrc >>> 0;
  }

  /** Rewrites the header of `packet` in place; it must be valid RTP. */
  rewrite(packet: Buffer): void {
    const ssrc = ((packet[8]! << 24) | (packet[9]! << 16) | (packet[10]! << 8) | packet[11]!) >>> 0;
    const seq = (packet[2]! << 8) | packet[3]!;
    const ts = ((packet[4]! << 24) | (packet[5]! << 16) | (packet[6]! << 8) | packet[7]!) >>> 0;
    if (ssrc !== this.inSsrc) {
      // Continue right after the last packet sent: next number, next frame.
      this.inSsrc = ssrc;
      this.seqOffset = this.lastOutSeq < 0 ? 0 : (this.lastOutSeq + 1 - seq) & 0xffff;
      this.tsOffset = this.lastOutSeq < 0 ? 0 : (this.lastOutTs + this.lastTsStep - ts) >>> 0;
    }
    const outSeq = (seq + this.seqOffset) & 0xffff;
    const outTs = (ts + this.tsOffset) >>> 0;
    const step = (outTs - this.lastOutTs) >>> 0;
    if (((outSeq - this.lastOutSeq) & 0xffff) === 1 && step > 0 && step < 8000) {
      this.lastTsStep = step;
    }
    if (((outSeq - this.lastOutSeq) & 0xffff) < 0x8000 || this.lastOutSeq < 0) {
      this.lastOutSeq = outSeq;
      this.lastOutTs = outTs;
    }
    packet[2] = outSeq >>> 8;
    packet[3] = outSeq & 0xff;
    packet.writeUInt32BE(outTs, 4);
    packet.writeUInt32BE(this.ssrc, 8);
  }

  /** Rewrites the sender SSRC of an RTCP SR or RR (RFC 3550 §6.4, offset 4) in place. */
  rewriteRtcp(packet: Buffer): void {
    if (packet.length >= 8) packet.writeUInt32BE(this.ssrc, 4);
  }
}

/** Counters of a RelaySession. */
export interface RelaySessionStats {
  readonly aToB: number;
  readonly bToA: number;
  readonly rtcpAToB: number;
  readonly rtcpBToA: number;
}

/**
 * Joins two endpoints: RTP and RTCP received on A go out of B to B's far
 * end and the other way round. The received Buffer itself is sent on: no
 * parse, no decode, no copy and no allocation per packet (rtpengine's
 * userspace relay model). The session does not own the endpoints; close()
 * only unhooks it.
 */
export class RelaySession {
  readonly a: MediaEndpoint;
  readonly b: MediaEndpoint;
  private aToB = 0;
  private bToA = 0;
  private rtcpAToB = 0;
  private rtcpBToA = 0;
  private isClosed = false;

  constructor(a: MediaEndpoint, b: MediaEndpoint, options: RelaySessionOptions = {}) {
    this.a = a;
    this.b = b;
    if (options.isStreamRewritten === true) {
      const toB = new StreamRewriter(options.ssrcToB ?? randomSsrc());
      const toA = new StreamRewriter(options.ssrcToA ?? randomSsrc());
      a.onRtp = (packet) => {
        this.aToB++;
        toB.rewrite(packet);
        b.sendRtp(packet);
      };
      b.onRtp = (packet) => {
        this.bToA++;
        toA.rewrite(packet);
        a.sendRtp(packet);
      };
      a.onRtcp = (packet) => {
        this.rtcpAToB++;
        toB.rewriteRtcp(packet);
        b.sendRtcp(packet);
      };
      b.onRtcp = (packet) => {
        this.rtcpBToA++;
        toA.rewriteRtcp(packet);
        a.sendRtcp(packet);
      };
      return;
    }
    a.onRtp = (packet) => {
      this.aToB++;
      b.sendRtp(packet);
    };
    b.onRtp = (packet) => {
      this.bToA++;
      a.sendRtp(packet);
    };
    a.onRtcp = (packet) => {
      this.rtcpAToB++;
      b.sendRtcp(packet);
    };
    b.onRtcp = (packet) => {
      this.rtcpBToA++;
      a.sendRtcp(packet);
    };
  }

  /** Packets relayed each way. */
  get stats(): RelaySessionStats {
    return {
      aToB: this.aToB,
      bToA: this.bToA,
      rtcpAToB: this.rtcpAToB,
      rtcpBToA: this.rtcpBToA,
    };
  }

  /** Unhooks the endpoints (they stay open); idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.a.onRtp = undefined;
    this.a.onRtcp = undefined;
    this.b.onRtp = undefined;
    this.b.onRtcp = undefined;
  }
}

function randomSsrc(): number {
  return (Math.random() * 0x100000000) >>> 0;
}
