/*
 * Settings of the native relay and its legs, and the checks of the
 * arguments NativeRelayShard passes to the addon: arguments are validated
 * in TS before they cross into N-API (STYLE §4.7).
 */
import { isIP } from 'node:net';
import { ValidationError } from '../../core/index.ts';
import type { MediaAddress } from './media-endpoint-options.ts';
import type { NativeRelayBinding } from './native-relay-binding.ts';
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

/** Receives a tapped packet (setTaps) on the JavaScript thread. */
export type NativeTapHandler = (leg: number, packet: Buffer) => void;

const DEFAULT_SOCKET_BUFFER_BYTES = 512 * 1024;

/** A leg's settings as the addon's openLeg() takes them, defaults filled in. */
export interface NativeLegArgs {
  readonly isRtcpMux: boolean;
  readonly pts: readonly number[];
  readonly ssrc: number;
  readonly relatchSilenceMs: number;
  readonly probation: number;
  readonly bufferBytes: number;
}

/** Checks a leg's settings and fills in defaults; bad ones throw ValidationError. */
export function checkLegOptions(options: NativeLegOptions): NativeLegArgs {
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
  return { isRtcpMux, pts, ssrc, relatchSilenceMs, probation, bufferBytes };
}

/**
 * Checks a far end's addresses against the leg's family and returns the
 * RTCP address: the given one, else the RTP address (on rtpPort + 1 unless
 * muxed).
 */
export function checkRemote(
  info: NativeLegInfo,
  rtp: MediaAddress,
  rtcp: MediaAddress | undefined,
): MediaAddress {
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
  return rtcpAddr;
}

/** Checks a source learnt elsewhere before a leg latches on it (setLatched). */
export function checkLatchedSource(
  info: NativeLegInfo,
  source: MediaAddress & { readonly ssrc: number },
): void {
  if (isIP(source.address) !== isIP(info.bindAddress)) {
    throw new ValidationError('address', `${source.address} is not of the leg's family`);
  }
  checkPort('port', source.port, 65535);
  checkInt('ssrc', source.ssrc, 0, 0xffffffff);
}

/** Throws ValidationError unless `port` is an integer in 1..max. */
export function checkPort(field: string, port: number, max: number): void {
  checkInt(field, port, 1, max);
}

/** Throws ValidationError unless `value` is an integer in min..max. */
export function checkInt(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `${field} must be an integer in ${min}..${max}, got ${value}`);
  }
}
