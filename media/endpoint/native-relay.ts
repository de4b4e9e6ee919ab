/*
 * NativeRelayShard: one native relay thread and the legs it owns (settings
 * and checks in native-leg-options.ts, counters in native-leg-stats.ts).
 */
import { InvalidStateError, ValidationError, err, ok } from '../../core/index.ts';
import { STREAM_FIELDS, streamFields, toStream } from './native-stream.ts';
import type { NativeStreamState } from './native-stream.ts';
import type { MediaError, Result } from '../../core/index.ts';
import type { MediaAddress } from './media-endpoint-options.ts';
import { existsSync } from 'node:fs';
import { NATIVE_RELAY_KERNEL_PATH, loadNativeRelay } from './native-relay-binding.ts';
import type { NativeKernelStatus, NativeRelayShardHandle } from './native-relay-binding.ts';
import {
  checkInt,
  checkLatchedSource,
  checkLegOptions,
  checkRemote,
} from './native-leg-options.ts';
import type {
  NativeLegInfo,
  NativeLegOptions,
  NativeRelayShardOptions,
  NativeTapHandler,
} from './native-leg-options.ts';
import { COUNTERS, toStats } from './native-leg-stats.ts';
import type { NativeLegStats } from './native-leg-stats.ts';

export type {
  NativeLegInfo,
  NativeLegOptions,
  NativeRelayShardOptions,
  NativeTapHandler,
} from './native-leg-options.ts';
export type { NativeLegStats } from './native-leg-stats.ts';

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
    const { isRtcpMux, pts, ssrc, relatchSilenceMs, probation, bufferBytes } =
      checkLegOptions(options);
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
    checkLatchedSource(this.legOf(leg), source);
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
    const rtcpAddr = checkRemote(this.legOf(leg), rtp, rtcp);
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

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
