import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The raw N-API surface of native/rtp-relay (one object per shard). Only
 * native-relay.ts calls it, after validating every argument (STYLE §4.7).
 */
export interface NativeRelayShardHandle {
  openLeg(
    address: string,
    port: number,
    isRtcpMux: boolean,
    payloadTypes: readonly number[],
    expectedSsrc: number,
    relatchSilenceMs: number,
    probationPackets: number,
    socketBufferBytes: number,
    isKernelFiltered: boolean,
  ): number;
  setPeer(legA: number, legB: number): boolean;
  setRemote(
    leg: number,
    rtpAddress: string,
    rtpPort: number,
    rtcpAddress: string,
    rtcpPort: number,
    isRelearn: boolean,
  ): boolean;
  setLatched(leg: number, address: string, port: number, ssrc: number): boolean;
  setTaps(leg: number, payloadTypes: readonly number[], isDiverted?: boolean): boolean;
  /** Sends a packet out of the leg's socket in its outgoing stream (rewritten in place). */
  send(leg: number, packet: Buffer): boolean;
  stats(leg: number, out: Float64Array): boolean;
  totals(out: Float64Array): void;
  latched(leg: number): { address: string; port: number; ssrc: number } | undefined;
  /** Sets a leg's outgoing stream, fields in NATIVE_STREAM_FIELDS order. */
  setStream(leg: number, fields: Float64Array): boolean;
  /**
   * Closes a leg; fills its final counters into `out` and its outgoing
   * stream into `stream` (NATIVE_STREAM_FIELDS order, started first).
   */
  close(leg: number, out?: Float64Array, stream?: Float64Array): boolean;
  size(): number;
  destroy(): void;
  /** Loads the tc ingress program; "" or why it is not available. */
  enableKernel(objectPath: string): string;
  kernelStatus(): NativeKernelStatus;
  /**
   * Runs the loaded program on an Ethernet frame (BPF_PROG_TEST_RUN), once
   * or `repeat` times on the same buffer, and returns its verdict, the
   * frame as it left it and the mean ns per run; throws when the program
   * is not loaded.
   */
  kernelTestRun(
    frame: Buffer,
    repeat?: number,
  ): { verdict: number; packet: Buffer; durationNs: number };
}

/** State of a shard's in-kernel forwarding (tc ingress program). */
export interface NativeKernelStatus {
  /** The program is loaded; pairs of latched IPv4 legs get entries. */
  readonly isActive: boolean;
  /** Why it is not active, or the last entry that could not be added; "" if none. */
  readonly reason: string;
  /** Legs relayed in the kernel now (one entry per direction). */
  readonly entries: number;
  /** Kernel ids of the tcx links (`bpftool link show id N`). */
  readonly linkIds: readonly number[];
}

/** The loaded addon. */
export interface NativeRelayBinding {
  /**
   * Starts a shard thread; coalesceUs as in NativeRelayShardOptions.
   * onTap receives tapped packets on the JavaScript thread; it must not
   * throw.
   */
  readonly RelayShard: new (
    coalesceUs: number,
    onTap?: (leg: number, packet: Buffer) => void,
  ) => NativeRelayShardHandle;
  /** Length of the counter array of stats() and totals(). */
  readonly COUNTER_COUNT: number;
  /** Length of the stream array of setStream() and close(). */
  readonly STREAM_FIELD_COUNT?: number;
}

/** What loadNativeRelay() found: the binding, or why there is none. */
export type NativeRelayLoad =
  | { readonly binding: NativeRelayBinding; readonly reason?: undefined }
  | { readonly binding: undefined; readonly reason: string };

/** Where node-gyp puts the addon when run in native/. */
export const NATIVE_RELAY_PATH = fileURLToPath(
  new URL('../../native/build/Release/rtp_relay.node', import.meta.url),
);

/**
 * The BPF object of the in-kernel fast path, built beside the addon when
 * clang and libbpf-dev were present (native/binding.gyp).
 */
export const NATIVE_RELAY_KERNEL_PATH = fileURLToPath(
  new URL('../../native/build/Release/relay_kern.bpf.o', import.meta.url),
);

let cached: NativeRelayLoad | undefined;

/**
 * Loads the native relay addon once. When it is not built (or cannot
 * load), the binding is undefined and `reason` says why, so callers keep
 * the TypeScript relay (RelayHost) as the fallback.
 */
export function loadNativeRelay(path: string = NATIVE_RELAY_PATH): NativeRelayLoad {
  if (path === NATIVE_RELAY_PATH && cached !== undefined) return cached;
  const result = tryLoad(path);
  if (path === NATIVE_RELAY_PATH) cached = result;
  return result;
}

function tryLoad(path: string): NativeRelayLoad {
  if (process.platform !== 'linux') {
    return { binding: undefined, reason: `the native relay needs Linux, not ${process.platform}` };
  }
  if (!existsSync(path)) {
    return {
      binding: undefined,
      reason: `native relay not built: ${path} is missing (run node-gyp rebuild --nodedir=/usr in native/)`,
    };
  }
  try {
    const require = createRequire(import.meta.url);
    const binding = require(path) as NativeRelayBinding;
    if (typeof binding.RelayShard !== 'function' || typeof binding.COUNTER_COUNT !== 'number') {
      return { binding: undefined, reason: `${path} is not the rtp_relay addon` };
    }
    return { binding };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { binding: undefined, reason: `cannot load ${path}: ${message}` };
  }
}
