/*
 * MediaEndpoint: one RTP/RTCP socket pair and its far end. The receive path
 * is in media-endpoint-receiver.ts, the kernel source filter in
 * source-filter.ts, the settings and counters in media-endpoint-options.ts.
 */
import type { Socket } from 'node:dgram';
import { TypedEmitter, err, ok, systemClock } from '../../core/index.ts';
import type { Clock, MediaError, Result } from '../../core/index.ts';
import type { RtpReceiveStats } from '../rtp/index.ts';
import { MediaEndpointReceiver } from './media-endpoint-receiver.ts';
import type { RemoteAddresses } from './media-endpoint-receiver.ts';
import type {
  MediaAddress,
  MediaEndpointEvents,
  MediaEndpointLatchSettings,
  MediaEndpointOptions,
  MediaEndpointStats,
  PacketHandler,
} from './media-endpoint-options.ts';
import { RtpLatch } from './rtp-latch.ts';
import type { RtpLatchOptions } from './rtp-latch.ts';
import { SilenceSweep } from './silence-sweep.ts';
import { SourceFilter } from './source-filter.ts';
import { bindMediaSocket, bindMediaSocketsNow } from './udp-socket.ts';

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
  private readonly sweep: SilenceSweep;
  private readonly far: RemoteAddresses = {
    remoteAddress: '',
    remotePort: 0,
    rtcpRemoteAddress: '',
    rtcpRemotePort: 0,
  };
  private readonly sourceFilter = new SourceFilter({
    rtpSocket: () => this.rtpSocket,
    isClosed: () => this.isClosed,
    stats: this.stats,
  });
  private readonly receiver: MediaEndpointReceiver;
  private isClosed = false;

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
    this.receiver = new MediaEndpointReceiver(this, {
      latch: this.latch,
      far: this.far,
      sourceFilter: this.sourceFilter,
      clock: this.clock,
      isKernelFiltered: this.isKernelFiltered,
      isStatsTracked: options.isStatsTracked ?? true,
      clockRateHz: options.clockRateHz ?? 8000,
    });
    this.sweep = new SilenceSweep(
      {
        received: () => this.stats.rtpReceived + (this.heardElsewhere?.() ?? 0),
        latch: this.latch,
        sourceFilter: this.sourceFilter,
        onTimeout: (silentForMs) => this.safeEmit('timeout', { silentForMs }),
      },
      this.clock,
      options.relatchSilenceMs ?? 2000,
      options.mediaTimeoutMs ?? 60_000,
    );
    this.listen();
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
    return this.far.remotePort === 0
      ? undefined
      : { address: this.far.remoteAddress, port: this.far.remotePort };
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
    return this.far.rtcpRemotePort === 0
      ? undefined
      : { address: this.far.rtcpRemoteAddress, port: this.far.rtcpRemotePort };
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
    this.sourceFilter.reset();
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
    this.sweep.restart(this.stats.rtpReceived);
    // The other owner's packets were not tracked; their sequence numbers
    // would count as lost, so the receive statistics start again.
    this.receiveStats = undefined;
    if (latched !== undefined) {
      this.latch.seed(latched.address, latched.port, latched.ssrc, this.clock.monotonicMs());
      this.far.remoteAddress = latched.address;
      this.far.remotePort = latched.port;
      if (this.isRtcpMux) {
        this.far.rtcpRemoteAddress = latched.address;
        this.far.rtcpRemotePort = latched.port;
      }
    }
    const source = this.latch.address;
    if (source !== undefined && this.isKernelFiltered)
      this.sourceFilter.filter(source, this.latch.port);
    return ok(undefined);
  }

  /**
   * Sets the far end's address from SDP (RFC 8866 c= and m=, RFC 3605
   * a=rtcp). It is used until a packet latches the real source, which may
   * differ behind NAT.
   */
  setRemote(rtp: MediaAddress, rtcp?: MediaAddress): void {
    if (this.isClosed || this.latch.isLatched) return;
    this.far.remoteAddress = rtp.address;
    this.far.remotePort = rtp.port;
    const rtcpAddr = rtcp ?? {
      address: rtp.address,
      port: this.isRtcpMux ? rtp.port : rtp.port + 1,
    };
    this.far.rtcpRemoteAddress = rtcpAddr.address;
    this.far.rtcpRemotePort = rtcpAddr.port;
  }

  /** Forgets the latched source (the far end moved in a re-INVITE) and sets the new SDP address. */
  relearn(rtp: MediaAddress, rtcp?: MediaAddress): void {
    if (this.isClosed) return;
    this.sourceFilter.unfilter();
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
    } else if (this.far.rtcpRemotePort !== 0 && this.heardElsewhere === undefined) {
      this.rtcpSocket.send(packet, this.far.rtcpRemotePort, this.far.rtcpRemoteAddress);
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
    if (this.sourceFilter.isConnected) this.rtpSocket.send(packet);
    else if (this.far.remotePort !== 0 && !this.sourceFilter.isConnecting)
      this.rtpSocket.send(packet, this.far.remotePort, this.far.remoteAddress);
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
    this.sweep.stop();
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

  private listen(): void {
    this.rtpSocket.on('message', this.receiver.handleRtpMessage);
    this.rtpSocket.on('error', this.handleSocketError);
    this.rtcpSocket?.on('message', this.receiver.handleRtcpMessage);
    this.rtcpSocket?.on('error', this.handleSocketError);
  }

  private readonly handleSocketError = (): void => {
    this.stats.socketErrors++;
  };
}
