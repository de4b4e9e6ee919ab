/** Settings of an RtpLatch. */
export interface RtpLatchOptions {
  /** Payload types negotiated in SDP; any type is accepted when empty. */
  readonly payloadTypes?: readonly number[];
  /** The SSRC the peer announced (RFC 5576 a=ssrc), if it did. */
  readonly expectedSsrc?: number;
  /** How long the latched source must be silent before another may take over; 2000 unless given. */
  readonly relatchSilenceMs?: number;
  /** Consecutive in-order packets a new source must send to take over; 5 unless given. */
  readonly probationPackets?: number;
}

/** What the latch decided about one packet. */
export type LatchVerdict =
  /** From the latched source: use it. */
  | 'accept'
  /** The first fitting packet: the source is now latched; use it. */
  | 'latched'
  /** A new source passed probation and replaced the latched one; use it. */
  | 'relatched'
  /** From another source while the latched one is alive: drop it. */
  | 'wrong-source'
  /** From a candidate source still in probation: drop it. */
  | 'probation'
  /** A payload type or SSRC that does not fit the session: drop it. */
  | 'unfit';

/**
 * Symmetric RTP latching (RFC 4961 §4 and the "comedia" practice of
 * RFC 4145): the far end's address is learnt from the first RTP packet
 * whose payload type (and SSRC, if announced) fit the session, then locked.
 * A different source takes over only if the latched one has been silent for
 * relatchSilenceMs and the newcomer sends probationPackets packets in a row
 * with one SSRC and consecutive sequence numbers (the RFC 3550 A.1
 * probation idea). A scanner spraying packets at the port thus cannot
 * steal a live stream, and a phone whose NAT binding changed gets its media
 * back within a few packets of the old binding going quiet.
 *
 * Pure: time comes in as arguments. Addresses are compared as strings, as
 * Node delivers them.
 */
export class RtpLatch {
  /** The latched source, once there is one. */
  address: string | undefined;
  port = 0;
  ssrc = -1;
  /** When the latched source was last heard (monotonic ms). */
  lastHeardMs = 0;
  private readonly payloadTypes: Uint8Array;
  private readonly hasPayloadTypes: boolean;
  private readonly expectedSsrc: number;
  private readonly relatchSilenceMs: number;
  private readonly probationPackets: number;
  private candidateAddress: string | undefined;
  private candidatePort = 0;
  private candidateSsrc = -1;
  private candidateSeq = -1;
  private candidateCount = 0;

  constructor(options: RtpLatchOptions = {}) {
    this.payloadTypes = new Uint8Array(128);
    for (const pt of options.payloadTypes ?? []) this.payloadTypes[pt & 0x7f] = 1;
    this.hasPayloadTypes = (options.payloadTypes?.length ?? 0) > 0;
    this.expectedSsrc = options.expectedSsrc ?? -1;
    this.relatchSilenceMs = options.relatchSilenceMs ?? 2000;
    this.probationPackets = Math.max(1, options.probationPackets ?? 5);
  }

  /** True once a source is latched. */
  get isLatched(): boolean {
    return this.address !== undefined;
  }

  /** True if `address`:`port` is the latched source. */
  isLatchedSource(address: string, port: number): boolean {
    return port === this.port && address === this.address;
  }

  /** Records that the latched source was heard, without a full check. */
  touch(nowMs: number): void {
    this.lastHeardMs = nowMs;
  }

  /**
   * Judges one valid RTP packet (the caller has checked the version and
   * length). `pt` is without the marker bit.
   */
  check(
    address: string,
    port: number,
    ssrc: number,
    pt: number,
    seq: number,
    nowMs: number,
  ): LatchVerdict {
    if (port === this.port && address === this.address) {
      this.lastHeardMs = nowMs;
      this.candidateAddress = undefined;
      return 'accept';
    }
    if (!this.fits(ssrc, pt)) return 'unfit';
    if (this.address === undefined) {
      this.latch(address, port, ssrc, nowMs);
      return 'latched';
    }
    if (nowMs - this.lastHeardMs < this.relatchSilenceMs) return 'wrong-source';
    if (
      port === this.candidatePort &&
      address === this.candidateAddress &&
      ssrc === this.candidateSsrc &&
      seq === ((this.candidateSeq + 1) & 0xffff)
    ) {
      this.candidateCount++;
    } else {
      this.candidateAddress = address;
      this.candidatePort = port;
      this.candidateSsrc = ssrc;
      this.candidateCount = 1;
    }
    this.candidateSeq = seq;
    if (this.candidateCount < this.probationPackets) return 'probation';
    this.latch(address, port, ssrc, nowMs);
    return 'relatched';
  }

  /**
   * Latches on a source learnt elsewhere (the native relay that owned the
   * port), as if it had just been heard.
   */
  seed(address: string, port: number, ssrc: number, nowMs: number): void {
    this.latch(address, port, ssrc, nowMs);
  }

  /** Forgets the latched source, e.g. after a re-INVITE moved the far end. */
  reset(): void {
    this.address = undefined;
    this.port = 0;
    this.ssrc = -1;
    this.candidateAddress = undefined;
  }

  private fits(ssrc: number, pt: number): boolean {
    if (this.hasPayloadTypes && this.payloadTypes[pt] !== 1) return false;
    return this.expectedSsrc < 0 || ssrc === this.expectedSsrc;
  }

  private latch(address: string, port: number, ssrc: number, nowMs: number): void {
    this.address = address;
    this.port = port;
    this.ssrc = ssrc;
    this.lastHeardMs = nowMs;
    this.candidateAddress = undefined;
  }
}
