/*
 * MediaEndpointReceiver: the per-packet receive path of a MediaEndpoint.
 * It checks each datagram's header, asks the latch, counts what it drops,
 * keeps the receive statistics and hands the packet on.
 */
import type { RemoteInfo } from 'node:dgram';
import type { Clock, TypedEmitter } from '../../core/index.ts';
import { RtpReceiveStats, isRtcpPacket } from '../rtp/index.ts';
import type {
  MediaEndpointEvents,
  MediaEndpointStats,
  PacketHandler,
} from './media-endpoint-options.ts';
import type { RtpLatch } from './rtp-latch.ts';
import type { SourceFilter } from './source-filter.ts';

/** Where a MediaEndpoint sends RTP and RTCP; the receive path updates it. */
export interface RemoteAddresses {
  remoteAddress: string;
  remotePort: number;
  rtcpRemoteAddress: string;
  rtcpRemotePort: number;
}

/** What a MediaEndpointReceiver sees of its endpoint. */
export interface MediaEndpointReceiverHost {
  readonly stats: MediaEndpointStats;
  readonly isRtcpMux: boolean;
  readonly onRtp: PacketHandler | undefined;
  readonly onRtcp: PacketHandler | undefined;
  receiveStats: RtpReceiveStats | undefined;
  readonly safeEmit: TypedEmitter<MediaEndpointEvents>['safeEmit'];
}

/** The parts of a MediaEndpoint's state the receive path shares. */
export interface MediaEndpointReceiverParts {
  readonly latch: RtpLatch;
  readonly far: RemoteAddresses;
  readonly sourceFilter: SourceFilter;
  readonly clock: Clock;
  readonly isKernelFiltered: boolean;
  readonly isStatsTracked: boolean;
  readonly clockRateHz: number;
}

/**
 * Receives on a MediaEndpoint's sockets: handleRtpMessage and
 * handleRtcpMessage are its 'message' listeners.
 */
export class MediaEndpointReceiver {
  private readonly latch: RtpLatch;
  private readonly far: RemoteAddresses;
  private readonly sourceFilter: SourceFilter;
  private readonly clock: Clock;
  private readonly isKernelFiltered: boolean;
  private readonly isStatsTracked: boolean;
  private readonly clockRateHz: number;

  constructor(
    private readonly host: MediaEndpointReceiverHost,
    parts: MediaEndpointReceiverParts,
  ) {
    this.latch = parts.latch;
    this.far = parts.far;
    this.sourceFilter = parts.sourceFilter;
    this.clock = parts.clock;
    this.isKernelFiltered = parts.isKernelFiltered;
    this.isStatsTracked = parts.isStatsTracked;
    this.clockRateHz = parts.clockRateHz;
  }

  /*
   *  RTP fixed header (RFC 3550 §5.1), of which the fast path reads V, PT,
   *  the sequence number and the SSRC:
   *
   *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
   *  |                           timestamp                           |
   *  |           synchronization source (SSRC) identifier            |
   */
  readonly handleRtpMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    if (this.host.isRtcpMux && msg.length >= 8 && isRtcpPacket(msg)) {
      this.acceptRtcp(msg, rinfo);
      return;
    }
    if (msg.length < 12 || (msg[0]! & 0xc0) !== 0x80) {
      this.host.stats.malformed++;
      return;
    }
    const seq = (msg[2]! << 8) | msg[3]!;
    const ssrc = ((msg[8]! << 24) | (msg[9]! << 16) | (msg[10]! << 8) | msg[11]!) >>> 0;
    const nowMs = this.clock.monotonicMs();
    if (!this.sourceFilter.isConnected) {
      const verdict = this.latch.check(rinfo.address, rinfo.port, ssrc, msg[1]! & 0x7f, seq, nowMs);
      if (verdict !== 'accept' && !this.onLatchVerdict(verdict, ssrc)) return;
    }
    this.host.stats.rtpReceived++;
    if (this.isStatsTracked) this.track(ssrc, seq, msg, nowMs);
    this.host.onRtp?.(msg);
  };

  private track(ssrc: number, seq: number, msg: Buffer, nowMs: number): void {
    let rs = this.host.receiveStats;
    if (rs === undefined || rs.ssrc !== ssrc) {
      rs = new RtpReceiveStats(ssrc, this.clockRateHz);
      this.host.receiveStats = rs;
    }
    const ts = ((msg[4]! << 24) | (msg[5]! << 16) | (msg[6]! << 8) | msg[7]!) >>> 0;
    const verdict = rs.onPacket(seq, ts, nowMs);
    if (verdict === 'late') this.host.stats.late++;
    else if (verdict === 'duplicate') this.host.stats.duplicates++;
  }

  /** Acts on a latch verdict other than 'accept'; true if the packet is to be used. */
  private onLatchVerdict(verdict: string, ssrc: number): boolean {
    switch (verdict) {
      case 'wrong-source':
      case 'probation':
        this.host.stats.wrongSource++;
        return false;
      case 'unfit':
        this.host.stats.unfit++;
        return false;
    }
    const address = this.latch.address ?? '';
    const port = this.latch.port;
    this.far.remoteAddress = address;
    this.far.remotePort = port;
    if (this.host.isRtcpMux) {
      this.far.rtcpRemoteAddress = address;
      this.far.rtcpRemotePort = port;
    }
    if (this.isKernelFiltered) this.sourceFilter.filter(address, port);
    if (verdict === 'relatched') {
      this.host.stats.relatches++;
      this.host.safeEmit('relatched', { address, port, ssrc });
    } else {
      this.host.safeEmit('latched', { address, port, ssrc });
    }
    return true;
  }

  /** The 'message' listener of the RTCP socket, when RTCP is not muxed. */
  readonly handleRtcpMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    if (msg.length < 8 || (msg[0]! & 0xc0) !== 0x80 || !isRtcpPacket(msg)) {
      this.host.stats.malformed++;
      return;
    }
    this.acceptRtcp(msg, rinfo);
  };

  /**
   * RTCP is taken from the latched RTP source's address only (any port, as
   * a NAT maps the RTCP port on its own), and its source becomes where our
   * RTCP goes. Before RTP has latched, any RTCP source is taken.
   */
  private acceptRtcp(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.latch.address !== undefined && rinfo.address !== this.latch.address) {
      this.host.stats.wrongSource++;
      return;
    }
    if (!this.host.isRtcpMux) {
      this.far.rtcpRemoteAddress = rinfo.address;
      this.far.rtcpRemotePort = rinfo.port;
    }
    this.host.stats.rtcpReceived++;
    this.host.onRtcp?.(msg);
  }
}
