import { isIP } from 'node:net';
import { InvalidStateError, ValidationError, err, ok } from '../../core/index.ts';
import { STREAM_FIELDS, streamFields, toStream } from './native-stream.ts';
import type { NativeStreamState } from './native-stream.ts';
import type { MediaError, Result } from '../../core/index.ts';
import type { MediaAddress } from './media-endpoint.ts';
import { existsSync } from 'node:fs';
import { NATIVE_RELAY_KERNEL_PATH, loadNativeRelay } from './native-relay-binding.ts';
import type {
  NativeKernelStatus,
  NativeRelayBinding,
  NativeRelayShardHandle,
} from './native-relay-binding.ts';
import type { RtpLatchOptions } from './rtp-latch.ts';

/** Settings of one native relay leg: where it binds and how it latches. */
export interface NativeLegOptions extends RtpLatchOptions {
  readonly bindAddress: string;
  readonly rtpPort: number;
  /** RTCP on the RTP port (RFC 5761); else on its own socket at rtpPort + 1. */
  readonly isRtcpMux?: boolean;
  /** SO_RCVBUF and SO_SNDBUF of each socket; 512 KiB unless given. */
  readonly socketBufferBytes?: number;
  /**
   * Connect the RTP socket to the latched source, as MediaEndpoint does:
   * the kernel then drops other sources (uncounted) and sends skip the
   * route lookup. The filter is lifted after relatchSilenceMs of silence
   * so the latch may hand over. True unless given.
   */
  readonly isKernelFiltered?: boolean;
}

/** Settings of a NativeRelayShard. */
export interface NativeRelayShardOptions {
  /**
   * After a round of epoll_wait that found few sockets ready, the thread
   * pauses this long so the next round finds many (interrupt coalescing):
   * fewer wake-ups per packet at the price of that much added delay. 0
   * (no pause) unless given.
   */
  readonly coalesceUs?: number;
  /** The addon; loaded from native/build unless given. */
  readonly binding?: NativeRelayBinding;
  /**
   * Relay RTP of paired, latched IPv4 legs in the kernel: a tc ingress
   * program (tcx link, Linux 6.6+, root) rewrites and forwards the leg's
   * audio payload types from its latched source, so those packets never
   * reach the sockets. RTCP, tapped payload types (RFC 4733) and other
   * sources still come up to the shard. When it cannot load, the shard
   * relays as before and kernelStatus().reason says why. Off unless given.
   */
  readonly kernelForward?: boolean;
  /** The BPF object; native/build/Release/relay_kern.bpf.o unless given. */
  readonly kernelObjectPath?: string;
}

/** Where a leg listens. */
export interface NativeLegInfo {
  readonly id: number;
  readonly bindAddress: string;
  readonly rtpPort: number;
  readonly rtcpPort: number;
  readonly isRtcpMux: boolean;
}

/**
 * Counters of a leg (or sums over a shard). Received counts are of the
 * leg's own sockets; sent counts are of what left through them. Nothing is
 * dropped without a count (STYLE §4.4).
 */
export interface NativeLegStats {
  rtpReceived: number;
  rtpReceivedBytes: number;
  rtpSent: number;
  rtpSentBytes: number;
  rtcpReceived: number;
  rtcpSent: number;
  /** Too short, not version 2, truncated, or RTCP that is not RTCP. */
  malformed: number;
  /** From a source other than the latched one, or a probation candidate's. */
  wrongSource: number;
  /** Payload type or SSRC not of the negotiated session. */
  unfit: number;
  /** Accepted but with no peer leg, or no far-end address known yet. */
  notSent: number;
  /** sendmmsg refused the packet (a full buffer, an unreachable address). */
  sendErrors: number;
  relatches: number;
  /** Errors read from a socket (ICMP port unreachable) or failed connects. */
  socketErrors: number;
  /** RTP packets copied to JavaScript (setTaps), besides being forwarded. */
  tapped: number;
  /** Tapped packets not copied because the queue to JavaScript was full. */
  tapDropped: number;
  /**
   * RTP received and relayed in the kernel (kernelForward), already counted
   * in rtpReceived here and in rtpSent of the peer leg.
   */
  kernelForwarded: number;
  kernelForwardedBytes: number;
}

/** Receives a tapped packet (setTaps) on the JavaScript thread. */
export type NativeTapHandler = (leg: number, packet: Buffer) => void;

/** The counter names in the order the addon fills them (relay-shard.h). */
const COUNTERS = [
  'rtpReceived',
  'rtpReceivedBytes',
  'rtpSent',
  'rtpSentBytes',
  'rtcpReceived',
  'rtcpSent',
  'malformed',
  'wrongSource',
  'unfit',
  'notSent',
  'sendErrors',
  'relatches',
  'socketErrors',
  'tapped',
  'tapDropped',
  'kernelForwarded',
  'kernelForwardedBytes',
] as const satisfies readonly (keyof NativeLegStats)[];

const DEFAULT_SOCKET_BUFFER_BYTES = 512 * 1024;

/**
 * One shard of the native relay: a native thread that owns the UDP sockets
 * of its legs and forwards RTP and RTCP between paired legs with
 * recvmmsg/sendmmsg, latching each leg's far end (the RtpLatch rules) in C.
 * No JavaScript runs per packet; counters are polled. Legs are paired only
 * within one shard. Create with NativeRelayShard.create().
 */
export class NativeRelayShard {
  /**
   * Receives the packets of tapped payload types (setTaps), a few at a
   * time, on the JavaScript thread; a throw is counted in tapErrors.
   */
  onTap: NativeTapHandler | undefined;
  /** Tapped packets whose handler threw. */
  tapErrors = 0;
  private readonly handle: NativeRelayShardHandle;
  private readonly legs = new Map<number, NativeLegInfo>();
  private readonly scratch: Float64Array;
  private isDestroyed = false;
  private kernelReason = 'kernelForward not requested';

  private constructor(
    make: (onTap: (leg: number, packet: Buffer) => void) => NativeRelayShardHandle,
    counterCount: number,
  ) {
    this.handle = make(this.deliverTap);
    this.scratch = new Float64Array(counterCount);
  }

  /**
   * Starts a shard thread. Without a binding given, loads the addon; if it
   * is not built the error says why (use RelayHost instead). Bad options
   * throw ValidationError.
   */
  static create(options: NativeRelayShardOptions = {}): Result<NativeRelayShard, MediaError> {
    const coalesceUs = options.coalesceUs ?? 0;
    checkInt('coalesceUs', coalesceUs, 0, 100_000);
    const b = options.binding ?? loadNativeRelay().binding;
    if (b === undefined) {
      const detail = loadNativeRelay().reason ?? 'native relay not available';
      return err({ code: 'ERR_MEDIA_INTERNAL', detail });
    }
    if (b.COUNTER_COUNT !== COUNTERS.length || b.STREAM_FIELD_COUNT !== STREAM_FIELDS.length) {
      const detail = `addon has ${b.COUNTER_COUNT} counters and ${b.STREAM_FIELD_COUNT ?? 0} stream fields, expected ${COUNTERS.length} and ${STREAM_FIELDS.length}: rebuild native/`;
      return err({ code: 'ERR_MEDIA_INTERNAL', detail });
    }
    let shard: NativeRelayShard;
    try {
      const make = (onTap: NativeTapHandler) => new b.RelayShard(coalesceUs, onTap);
      shard = new NativeRelayShard(make, b.COUNTER_COUNT);
    } catch (cause) {
      return err({ code: 'ERR_MEDIA_INTERNAL', detail: messageOf(cause), cause });
    }
    if (options.kernelForward === true) {
      shard.kernelReason = shard.enableKernel(options.kernelObjectPath ?? NATIVE_RELAY_KERNEL_PATH);
    }
    return ok(shard);
  }

  /**
   * Whether RTP is relayed in the kernel (kernelForward) and, if not, why;
   * a failure to add one pair's entry shows here too, while the pair goes
   * on in user space.
   */
  kernelStatus(): NativeKernelStatus {
    this.assertAlive();
    const s = this.handle.kernelStatus();
    return s.isActive || this.kernelReason === '' ? s : { ...s, reason: this.kernelReason };
  }

  /** Legs open now. */
  get size(): number {
    return this.legs.size;
  }

  /**
   * Binds a leg's sockets (RTP, and RTCP on rtpPort + 1 unless muxed); the
   * shard starts reading them at once. A port in use gives
   * ERR_MEDIA_NO_PORTS, other failures ERR_MEDIA_INTERNAL; the cause is the
   * native error with errno, code and syscall.
   */
  openLeg(options: NativeLegOptions): Result<NativeLegInfo, MediaError> {
    this.assertAlive();
    const isRtcpMux = options.isRtcpMux ?? false;
    if (isIP(options.bindAddress) === 0) {
      throw new ValidationError('bindAddress', `not an IP address: ${options.bindAddress}`);
    }
    checkPort('rtpPort', options.rtpPort, isRtcpMux ? 65535 : 65534);
    const pts = options.payloadTypes ?? [];
    for (const pt of pts) checkInt('payloadTypes', pt, 0, 127);
    const ssrc = options.expectedSsrc ?? -1;
    if (options.expectedSsrc !== undefined) checkInt('expectedSsrc', ssrc, 0, 0xffffffff);
    const relatchSilenceMs = options.relatchSilenceMs ?? 2000;
    checkInt('relatchSilenceMs', relatchSilenceMs, 0, 2 ** 31 - 1);
    const probation = options.probationPackets ?? 5;
    checkInt('probationPackets', probation, 1, 65535);
    const bufferBytes = options.socketBufferBytes ?? DEFAULT_SOCKET_BUFFER_BYTES;
    checkInt('socketBufferBytes', bufferBytes, 4096, 64 * 1024 * 1024);
    let id: number;
    try {
      id = this.handle.openLeg(
        options.bindAddress,
        options.rtpPort,
        isRtcpMux,
        pts,
        ssrc,
        relatchSilenceMs,
        probation,
        bufferBytes,
        options.isKernelFiltered ?? true,
      );
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      return err({
        code: code === 'EADDRINUSE' ? 'ERR_MEDIA_NO_PORTS' : 'ERR_MEDIA_INTERNAL',
        detail: messageOf(cause),
        cause,
      });
    }
    const info: NativeLegInfo = {
      id,
      bindAddress: options.bindAddress,
      rtpPort: options.rtpPort,
      rtcpPort: isRtcpMux ? options.rtpPort : options.rtpPort + 1,
      isRtcpMux,
    };
    this.legs.set(id, info);
    return ok(info);
  }

  /**
   * Relays between two legs of this shard: what one receives leaves
   * through the other. Their former peers are unpaired.
   */
  setPeer(legA: number, legB: number): void {
    this.legOf(legA);
    this.legOf(legB);
    if (legA === legB) throw new ValidationError('legB', `leg ${legA} cannot be its own peer`);
    this.handle.setPeer(legA, legB);
  }

  /**
   * Sets the far end's address from SDP (RFC 8866 c= and m=, RFC 3605
   * a=rtcp); it is used until a packet latches the real source, and
   * ignored once one has (as MediaEndpoint.setRemote()).
   */
  setRemote(leg: number, rtp: MediaAddress, rtcp?: MediaAddress): void {
    this.sendRemote(leg, rtp, rtcp, false);
  }

  /** Forgets the latched source (the far end moved in a re-INVITE) and sets the new SDP address. */
  relearn(leg: number, rtp: MediaAddress, rtcp?: MediaAddress): void {
    this.sendRemote(leg, rtp, rtcp, true);
  }

  /**
   * Latches a leg on a source learnt elsewhere (the MediaEndpoint whose
   * ports the leg took over), as if it had just been heard: other sources
   * then need the relatch silence and probation to take over.
   */
  setLatched(leg: number, source: MediaAddress & { readonly ssrc: number }): void {
    const info = this.legOf(leg);
    if (isIP(source.address) !== isIP(info.bindAddress)) {
      throw new ValidationError('address', `${source.address} is not of the leg's family`);
    }
    checkPort('port', source.port, 65535);
    checkInt('ssrc', source.ssrc, 0, 0xffffffff);
    this.handle.setLatched(leg, source.address, source.port, source.ssrc);
  }

  /**
   * RTP packets of these payload types (accepted by the latch) are copied
   * to onTap and still forwarded: RFC 4733 events the application must
   * see on a relayed leg. With isDiverted they are not forwarded: the
   * application passes them on with send() (feature-code keys held back,
   * D44). An empty list stops tapping.
   */
  setTaps(leg: number, payloadTypes: readonly number[], opts: { isDiverted?: boolean } = {}): void {
    this.legOf(leg);
    for (const pt of payloadTypes) checkInt('payloadTypes', pt, 0, 127);
    this.handle.setTaps(leg, payloadTypes, opts.isDiverted === true);
  }

  /**
   * Sends an RTP packet out of the leg's socket to its far end, in the
   * leg's outgoing stream (the packet is rewritten in place): what a
   * diverted tap decided to pass on. False when the leg has no far end.
   */
  send(leg: number, packet: Buffer): boolean {
    this.legOf(leg);
    if (packet.length < 12) throw new ValidationError('packet', 'shorter than an RTP header');
    return this.handle.send(leg, packet);
  }

  /**
   * Hands a leg its outgoing stream as JavaScript left it, so what the
   * native relay sends out of the leg goes on with the same SSRC and
   * numbering (D44); without it the first packet starts the stream.
   */
  setStream(leg: number, state: NativeStreamState): void {
    this.legOf(leg);
    this.handle.setStream(leg, streamFields(state));
  }

  /** The latched source of a leg's RTP, if any. */
  latched(leg: number): (MediaAddress & { readonly ssrc: number }) | undefined {
    this.legOf(leg);
    return this.handle.latched(leg);
  }

  /** A snapshot of a leg's counters; undefined if it is not open. */
  stats(leg: number): NativeLegStats | undefined {
    this.assertAlive();
    if (!this.legs.has(leg) || !this.handle.stats(leg, this.scratch)) return undefined;
    return toStats(this.scratch);
  }

  /**
   * Copies a leg's counters into `out` (in NativeLegStats field order) for
   * pollers that keep one array; false if the leg is not open.
   */
  statsInto(leg: number, out: Float64Array): boolean {
    this.assertAlive();
    if (out.length < COUNTERS.length) {
      throw new ValidationError('out', `needs ${COUNTERS.length} elements, has ${out.length}`);
    }
    return this.legs.has(leg) && this.handle.stats(leg, out);
  }

  /** Sums over the open and the closed legs, so totals never go backwards. */
  totals(): NativeLegStats {
    this.assertAlive();
    this.handle.totals(this.scratch);
    return toStats(this.scratch);
  }

  /**
   * Closes a leg's sockets; its ports are free when this returns. Returns
   * the leg's final counters, or undefined if it was not open. Idempotent.
   */
  close(leg: number): NativeLegStats | undefined {
    return this.closeWithStream(leg)?.stats;
  }

  /**
   * close(), also returning the leg's outgoing stream as the native relay
   * left it (undefined when it never sent), for JavaScript to go on with.
   */
  closeWithStream(
    leg: number,
  ):
    { readonly stats: NativeLegStats; readonly stream: NativeStreamState | undefined } | undefined {
    if (this.isDestroyed || !this.legs.delete(leg)) return undefined;
    const fields = new Float64Array(STREAM_FIELDS.length);
    if (!this.handle.close(leg, this.scratch, fields)) return undefined;
    return { stats: toStats(this.scratch), stream: toStream(fields) };
  }

  /** Stops and joins the shard thread and closes every leg. Idempotent. */
  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.legs.clear();
    this.handle.destroy();
  }

  /** True after destroy(). */
  get destroyed(): boolean {
    return this.isDestroyed;
  }

  private enableKernel(path: string): string {
    if (!existsSync(path)) {
      return `kernel forwarding not built: ${path} is missing (clang or libbpf-dev absent at build)`;
    }
    return this.handle.enableKernel(path);
  }

  private readonly deliverTap = (leg: number, packet: Buffer): void => {
    try {
      this.onTap?.(leg, packet);
    } catch {
      this.tapErrors++;
    }
  };

  private sendRemote(
    leg: number,
    rtp: MediaAddress,
    rtcp: MediaAddress | undefined,
    isRelearn: boolean,
  ): void {
    const info = this.legOf(leg);
    const rtcpAddr = rtcp ?? {
      address: rtp.address,
      port: info.isRtcpMux ? rtp.port : rtp.port + 1,
    };
    const family = isIP(info.bindAddress);
    for (const [field, a] of [
      ['rtp', rtp],
      ['rtcp', rtcpAddr],
    ] as const) {
      if (isIP(a.address) !== family) {
        throw new ValidationError(field, `${a.address} is not an IPv${family} address`);
      }
      checkPort(`${field}.port`, a.port, 65535);
    }
    this.handle.setRemote(leg, rtp.address, rtp.port, rtcpAddr.address, rtcpAddr.port, isRelearn);
  }

  private legOf(leg: number): NativeLegInfo {
    this.assertAlive();
    const info = this.legs.get(leg);
    if (info === undefined) throw new InvalidStateError(`native relay leg ${leg} is not open`);
    return info;
  }

  private assertAlive(): void {
    if (this.isDestroyed) throw new InvalidStateError('native relay shard is destroyed');
  }
}

function toStats(a: Float64Array): NativeLegStats {
  const s = {} as NativeLegStats;
  COUNTERS.forEach((name, i) => (s[name] = a[i] ?? 0));
  return s;
}

function checkPort(field: string, port: number, max: number): void {
  checkInt(field, port, 1, max);
}

function checkInt(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `${field} must be an integer in ${min}..${max}, got ${value}`);
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
