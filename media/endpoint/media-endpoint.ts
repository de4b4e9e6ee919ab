import type { RemoteInfo, Socket } from 'node:dgram';
import { TypedEmitter, err, ok, systemClock } from '../../core/index.ts';
import type { Clock, Logger, MediaError, Result, TimerHandle } from '../../core/index.ts';
import { RtpReceiveStats, isRtcpPacket } from '../rtp/index.ts';
import { RtpLatch } from './rtp-latch.ts';
import type { RtpLatchOptions } from './rtp-latch.ts';
import { bindMediaSocket, bindMediaSocketsNow } from './udp-socket.ts';

/** A transport address. */
export interface MediaAddress {
  readonly address: string;
  readonly port: number;
}

/** Settings of a MediaEndpoint. */
export interface MediaEndpointOptions extends RtpLatchOptions {
  readonly bindAddress: string;
  readonly rtpPort: number;
  /** The RTCP port; RTCP shares the RTP port (RFC 5761 rtcp-mux) when absent or equal. */
  readonly rtcpPort?: number;
  /**
   * Connect the socket to the latched source, so the kernel filters other
   * sources and sends skip the per-packet route lookup (about a third less
   * CPU per relayed packet here). True unless given. While connected,
   * packets from other sources never reach us and are not counted.
   */
  readonly isKernelFiltered?: boolean;
  /** Keep per-SSRC RTCP-style receive statistics (loss, jitter, late, duplicates); true unless given. */
  readonly isStatsTracked?: boolean;
  /** RTP clock rate for the jitter figure; 8000 unless given. */
  readonly clockRateHz?: number;
  /** Silence before a 'timeout' event; 60 000 unless given. */
  readonly mediaTimeoutMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Counters of one endpoint. Nothing is dropped without a count (STYLE §4.4). */
export interface MediaEndpointStats {
  rtpReceived: number;
  rtpSent: number;
  rtcpReceived: number;
  rtcpSent: number;
  /** Too short, not version 2, or RTCP that does not parse as RTCP. */
  malformed: number;
  /** From a source other than the latched one, or a probation candidate's. */
  wrongSource: number;
  /** Payload type or SSRC not of the negotiated session. */
  unfit: number;
  /** Behind the highest sequence number (RFC 3550 A.1), relayed anyway. */
  late: number;
  duplicates: number;
  /** Packets to send with no remote address known yet. */
  notSent: number;
  /** Socket errors, such as ICMP port unreachable on a connected socket. */
  socketErrors: number;
  relatches: number;
}

/** Events of a MediaEndpoint. */
export type MediaEndpointEvents = {
  latched: [MediaAddress & { readonly ssrc: number }];
  relatched: [MediaAddress & { readonly ssrc: number }];
  /** No RTP for mediaTimeoutMs; emitted once per silence. */
  timeout: [{ readonly silentForMs: number }];
  close: [];
};

/** How an endpoint latches and filters, for whoever takes its ports over. */
export interface MediaEndpointLatchSettings extends RtpLatchOptions {
  readonly isKernelFiltered: boolean;
}

/** Receives one packet; the Buffer is the datagram and may be sent on as is. */
export type PacketHandler = (packet: Buffer) => void;

/**
 * One RTP/RTCP socket pair (or one muxed socket), the only place media
 * touches the network (STYLE §2). It latches the far end (see RtpLatch),
 * counts everything it drops, and hands each accepted packet to a single
 * consumer through onRtp / onRtcp: plain fields rather than events, as
 * they run once per packet. Create with MediaEndpoint.open().
 */
export class MediaEndpoint extends TypedEmitter<MediaEndpointEvents> {
  /** Called for each accepted RTP packet. */
  onRtp: PacketHandler | undefined;
  /** Called for each accepted RTCP packet. */
  onRtcp: PacketHandler | undefined;
  readonly stats: MediaEndpointStats = {
    rtpReceived: 0,
    rtpSent: 0,
    rtcpReceived: 0,
    rtcpSent: 0,
    malformed: 0,
    wrongSource: 0,
    unfit: 0,
    late: 0,
    duplicates: 0,
    notSent: 0,
    socketErrors: 0,
    relatches: 0,
  };
  readonly bindAddress: string;
  readonly rtpPort: number;
  readonly rtcpPort: number;
  readonly isRtcpMux: boolean;
  /** Receive statistics of the current source SSRC, if tracked. */
  receiveStats: RtpReceiveStats | undefined;
  private readonly latch: RtpLatch;
  private readonly latchOptions: RtpLatchOptions;
  private rtpSocket: Socket;
  private rtcpSocket: Socket | undefined;
  /** While suspended: how many RTP packets the ports' new owner has received. */
  private heardElsewhere: (() => number) | undefined;
  private readonly clock: Clock;
  private readonly isKernelFiltered: boolean;
  private readonly isStatsTracked: boolean;
  private readonly clockRateHz: number;
  private readonly mediaTimeoutMs: number;
  private readonly relatchSilenceMs: number;
  private readonly sweepTimer: TimerHandle;
  private remoteAddress = '';
  private remotePort = 0;
  private rtcpRemoteAddress = '';
  private rtcpRemotePort = 0;
  private isConnected = false;
  private isConnecting = false;
  private isClosed = false;
  private packetsAtSweep = 0;
  private lastHeardMs: number;
  private hasTimedOut = false;

  private constructor(options: MediaEndpointOptions, rtpSocket: Socket, rtcpSocket?: Socket) {
    super(options.logger);
    this.bindAddress = options.bindAddress;
    this.rtpPort = options.rtpPort;
    this.isRtcpMux = rtcpSocket === undefined;
    this.rtcpPort = this.isRtcpMux ? options.rtpPort : (options.rtcpPort ?? options.rtpPort);
    this.latch = new RtpLatch(options);
    const { payloadTypes, expectedSsrc, relatchSilenceMs, probationPackets } = options;
    this.latchOptions = { payloadTypes, expectedSsrc, relatchSilenceMs, probationPackets };
    this.rtpSocket = rtpSocket;
    this.rtcpSocket = rtcpSocket;
    this.clock = options.clock ?? systemClock;
    this.isKernelFiltered = options.isKernelFiltered ?? true;
    this.isStatsTracked = options.isStatsTracked ?? true;
    this.clockRateHz = options.clockRateHz ?? 8000;
    this.mediaTimeoutMs = options.mediaTimeoutMs ?? 60_000;
    this.relatchSilenceMs = options.relatchSilenceMs ?? 2000;
    this.lastHeardMs = this.clock.monotonicMs();
    this.listen();
    // Silence is found by sampling the packet counter, so the per-packet
    // path needs no timer work.
    const sweepMs = Math.max(50, Math.min(1000, this.relatchSilenceMs / 4));
    this.sweepTimer = this.clock.setInterval(() => this.sweep(), sweepMs);
    (this.sweepTimer as { unref?: () => void }).unref?.();
  }

  /** Binds the sockets of an endpoint. */
  static async open(options: MediaEndpointOptions): Promise<Result<MediaEndpoint, MediaError>> {
    const rtp = await bindMediaSocket(options.bindAddress, options.rtpPort);
    if (!rtp.ok) return rtp;
    const isMux = options.rtcpPort === undefined || options.rtcpPort === options.rtpPort;
    if (isMux) return ok(new MediaEndpoint(options, rtp.value));
    const rtcp = await bindMediaSocket(options.bindAddress, options.rtcpPort ?? 0);
    if (!rtcp.ok) {
      rtp.value.close();
      return rtcp;
    }
    return ok(new MediaEndpoint(options, rtp.value, rtcp.value));
  }

  /** Where RTP goes now: the latched source, else the address from SDP. */
  get remote(): MediaAddress | undefined {
    return this.remotePort === 0
      ? undefined
      : { address: this.remoteAddress, port: this.remotePort };
  }

  /** True once the far end's source address is latched. */
  get isLatched(): boolean {
    return this.latch.isLatched;
  }

  /** The latched source of RTP, if any. */
  get latchedSource(): (MediaAddress & { readonly ssrc: number }) | undefined {
    const address = this.latch.address;
    if (address === undefined) return undefined;
    return { address, port: this.latch.port, ssrc: this.latch.ssrc >>> 0 };
  }

  /** Where RTCP goes now: its last source, else the address from SDP. */
  get rtcpRemote(): MediaAddress | undefined {
    return this.rtcpRemotePort === 0
      ? undefined
      : { address: this.rtcpRemoteAddress, port: this.rtcpRemotePort };
  }

  /** The latch rules and kernel filtering, for a native leg on our ports. */
  get latchSettings(): MediaEndpointLatchSettings {
    return { ...this.latchOptions, isKernelFiltered: this.isKernelFiltered };
  }

  /** True between suspend() and resume(). */
  get isSuspended(): boolean {
    return this.heardElsewhere !== undefined;
  }

  /**
   * Hands the ports over to another owner (the native relay): the sockets
   * close now, and as libuv closes a UDP fd at once, the ports are free
   * when this returns. Latch, remote addresses, counters and the silence
   * sweep stay; `heard` tells the sweep how many RTP packets the new owner
   * has received, so 'timeout' still fires. Sends count as notSent until
   * resume(). False if closed or already suspended.
   */
  suspend(heard: () => number): boolean {
    if (this.isClosed || this.heardElsewhere !== undefined) return false;
    this.heardElsewhere = heard;
    this.isConnected = false;
    this.isConnecting = false;
    this.rtpSocket.removeAllListeners();
    this.rtcpSocket?.removeAllListeners();
    this.rtpSocket.close();
    this.rtcpSocket?.close();
    return true;
  }

  /**
   * Binds the same ports again after suspend(), before returning. The
   * caller adds what the other owner counted to `stats` first. `latched`
   * is the source the other owner latched on, if it did; it replaces ours.
   * On failure (another process took a port in the gap) the endpoint
   * stays suspended and sends count as notSent.
   */
  resume(latched?: MediaAddress & { readonly ssrc: number }): Result<void, MediaError> {
    if (this.isClosed || this.heardElsewhere === undefined) {
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: 'the endpoint is not suspended' });
    }
    const rtcpPort = this.isRtcpMux ? undefined : this.rtcpPort;
    const bound = bindMediaSocketsNow(this.bindAddress, this.rtpPort, rtcpPort);
    if (!bound.ok) return bound;
    this.heardElsewhere = undefined;
    this.rtpSocket = bound.value.rtp;
    this.rtcpSocket = bound.value.rtcp;
    this.listen();
    this.packetsAtSweep = this.stats.rtpReceived;
    // The other owner's packets were not tracked; their sequence numbers
    // would count as lost, so the receive statistics start again.
    this.receiveStats = undefined;
    if (latched !== undefined) {
      this.latch.seed(latched.address, latched.port, latched.ssrc, this.clock.monotonicMs());
      this.remoteAddress = latched.address;
      this.remotePort = latched.port;
      if (this.isRtcpMux) {
        this.rtcpRemoteAddress = latched.address;
        this.rtcpRemotePort = latched.port;
      }
    }
    const source = this.latch.address;
    if (source !== undefined && this.isKernelFiltered) this.filter(source, this.latch.port);
    return ok(undefined);
  }

  /**
   * Sets the far end's address from SDP (RFC 8866 c= and m=, RFC 3605
   * a=rtcp). It is used until a packet latches the real source, which may
   * differ behind NAT.
   */
  setRemote(rtp: MediaAddress, rtcp?: MediaAddress): void {
    if (this.isClosed || this.latch.isLatched) return;
    this.remoteAddress = rtp.address;
    this.remotePort = rtp.port;
    const rtcpAddr = rtcp ?? {
      address: rtp.address,
      port: this.isRtcpMux ? rtp.port : rtp.port + 1,
    };
    this.rtcpRemoteAddress = rtcpAddr.address;
    this.rtcpRemotePort = rtcpAddr.port;
  }

  /** Forgets the latched source (the far end moved in a re-INVITE) and sets the new SDP address. */
  relearn(rtp: MediaAddress, rtcp?: MediaAddress): void {
    if (this.isClosed) return;
    this.unfilter();
    this.latch.reset();
    this.setRemote(rtp, rtcp);
  }

  /** Sends one RTP packet to the far end. Never throws; counts what it cannot send. */
  sendRtp(packet: Uint8Array): void {
    if (this.sendOnRtpSocket(packet)) this.stats.rtpSent++;
  }

  /** Sends one RTCP packet (compound) to the far end's RTCP address. */
  sendRtcp(packet: Uint8Array): void {
    if (this.rtcpSocket === undefined) {
      if (!this.sendOnRtpSocket(packet)) return;
    } else if (this.rtcpRemotePort !== 0 && this.heardElsewhere === undefined) {
      this.rtcpSocket.send(packet, this.rtcpRemotePort, this.rtcpRemoteAddress);
    } else {
      this.stats.notSent++;
      return;
    }
    this.stats.rtcpSent++;
  }

  private sendOnRtpSocket(packet: Uint8Array): boolean {
    if (this.heardElsewhere !== undefined) {
      this.stats.notSent++;
      return false;
    }
    if (this.isConnected) this.rtpSocket.send(packet);
    else if (this.remotePort !== 0 && !this.isConnecting)
      this.rtpSocket.send(packet, this.remotePort, this.remoteAddress);
    else {
      this.stats.notSent++;
      return false;
    }
    return true;
  }

  /** Closes the sockets; idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.clock.clearInterval(this.sweepTimer);
    this.onRtp = undefined;
    this.onRtcp = undefined;
    if (this.heardElsewhere === undefined) {
      this.rtpSocket.close();
      this.rtcpSocket?.close();
    }
    this.heardElsewhere = undefined;
    this.safeEmit('close');
    this.removeAllListeners();
  }

  /** True after close(). */
  get closed(): boolean {
    return this.isClosed;
  }

  /*
   *  RTP fixed header (RFC 3550 §5.1), of which the fast path reads V, PT,
   *  the sequence number and the SSRC:
   *
   *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
   *  |                           timestamp                           |
   *  |           synchronization source (SSRC) identifier            |
   */
  private readonly handleRtpMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    if (this.isRtcpMux && msg.length >= 8 && isRtcpPacket(msg)) {
      this.acceptRtcp(msg, rinfo);
      return;
    }
    if (msg.length < 12 || (msg[0]! & 0xc0) !== 0x80) {
      this.stats.malformed++;
      return;
    }
    const seq = (msg[2]! << 8) | msg[3]!;
    const ssrc = ((msg[8]! << 24) | (msg[9]! << 16) | (msg[10]! << 8) | msg[11]!) >>> 0;
    const nowMs = this.clock.monotonicMs();
    if (!this.isConnected) {
      const verdict = this.latch.check(rinfo.address, rinfo.port, ssrc, msg[1]! & 0x7f, seq, nowMs);
      if (verdict !== 'accept' && !this.onLatchVerdict(verdict, ssrc)) return;
    }
    this.stats.rtpReceived++;
    if (this.isStatsTracked) this.track(ssrc, seq, msg, nowMs);
    this.onRtp?.(msg);
  };

  private track(ssrc: number, seq: number, msg: Buffer, nowMs: number): void {
    let rs = this.receiveStats;
    if (rs === undefined || rs.ssrc !== ssrc) {
      rs = new RtpReceiveStats(ssrc, this.clockRateHz);
      this.receiveStats = rs;
    }
    const ts = ((msg[4]! << 24) | (msg[5]! << 16) | (msg[6]! << 8) | msg[7]!) >>> 0;
    const verdict = rs.onPacket(seq, ts, nowMs);
    if (verdict === 'late') this.stats.late++;
    else if (verdict === 'duplicate') this.stats.duplicates++;
  }

  /** Acts on a latch verdict other than 'accept'; true if the packet is to be used. */
  private onLatchVerdict(verdict: string, ssrc: number): boolean {
    switch (verdict) {
      case 'wrong-source':
      case 'probation':
        this.stats.wrongSource++;
        return false;
      case 'unfit':
        this.stats.unfit++;
        return false;
    }
    const address = this.latch.address ?? '';
    const port = this.latch.port;
    this.remoteAddress = address;
    this.remotePort = port;
    if (this.isRtcpMux) {
      this.rtcpRemoteAddress = address;
      this.rtcpRemotePort = port;
    }
    if (this.isKernelFiltered) this.filter(address, port);
    if (verdict === 'relatched') {
      this.stats.relatches++;
      this.safeEmit('relatched', { address, port, ssrc });
    } else {
      this.safeEmit('latched', { address, port, ssrc });
    }
    return true;
  }

  private readonly handleRtcpMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    if (msg.length < 8 || (msg[0]! & 0xc0) !== 0x80 || !isRtcpPacket(msg)) {
      this.stats.malformed++;
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
      this.stats.wrongSource++;
      return;
    }
    if (!this.isRtcpMux) {
      this.rtcpRemoteAddress = rinfo.address;
      this.rtcpRemotePort = rinfo.port;
    }
    this.stats.rtcpReceived++;
    this.onRtcp?.(msg);
  }

  private listen(): void {
    this.rtpSocket.on('message', this.handleRtpMessage);
    this.rtpSocket.on('error', this.handleSocketError);
    this.rtcpSocket?.on('message', this.handleRtcpMessage);
    this.rtcpSocket?.on('error', this.handleSocketError);
  }

  private readonly handleSocketError = (): void => {
    this.stats.socketErrors++;
  };

  private filter(address: string, port: number): void {
    this.unfilter();
    this.isConnecting = true;
    const socket = this.rtpSocket;
    try {
      socket.connect(port, address, () => {
        // A suspend() in between closed this socket; its successor is not connected.
        if (socket !== this.rtpSocket) return;
        this.isConnecting = false;
        this.isConnected = !this.isClosed;
      });
    } catch {
      this.isConnecting = false;
      this.stats.socketErrors++;
    }
  }

  private unfilter(): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    try {
      this.rtpSocket.disconnect();
    } catch {
      this.stats.socketErrors++;
    }
  }

  /**
   * Runs a few times per relatchSilenceMs. A connected socket hides other
   * sources, so once the latched one has gone quiet for relatchSilenceMs
   * the filter is lifted and the latch may hand over after probation.
   */
  private sweep(): void {
    const nowMs = this.clock.monotonicMs();
    const received = this.stats.rtpReceived + (this.heardElsewhere?.() ?? 0);
    if (received !== this.packetsAtSweep) {
      this.packetsAtSweep = received;
      this.lastHeardMs = nowMs;
      this.hasTimedOut = false;
      if (this.isConnected) this.latch.touch(nowMs);
      return;
    }
    const silentForMs = nowMs - this.lastHeardMs;
    if (this.isConnected && silentForMs >= this.relatchSilenceMs) this.unfilter();
    if (!this.hasTimedOut && silentForMs >= this.mediaTimeoutMs) {
      this.hasTimedOut = true;
      this.safeEmit('timeout', { silentForMs });
    }
  }
}
