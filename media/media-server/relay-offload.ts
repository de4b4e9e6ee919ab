import type { Logger } from '../../core/index.ts';
import { NativeRelayShard, loadNativeRelay } from '../endpoint/index.ts';
import type { MediaEndpoint, NativeLegStats } from '../endpoint/index.ts';
import type { MediaLeg } from './media-leg.ts';
import { offloadBlocker } from './offload-decision.ts';

/** Settings of RelayOffload. */
export interface RelayOffloadOptions {
  /** Native shard threads; both legs of a pair go to the same one. */
  readonly shards: number;
  /**
   * Relay plain RTP of latched pairs in the kernel (eBPF at tc ingress,
   * D43); the shard says why when it cannot, and relays itself.
   */
  readonly kernelForward?: boolean;
  /** The addon file; native/build unless given (tests point it elsewhere). */
  readonly addonPath?: string;
  readonly logger?: Logger;
}

/** Counters of the offload (STYLE §4.4). */
export interface RelayOffloadStats {
  /** Pairs handed to the native relay. */
  offloaded: number;
  /** Pairs taken back into JavaScript. */
  demoted: number;
  /** Offloads that failed (a native bind refused); the pair stayed in JS. */
  failed: number;
  /** Endpoints that could not take their ports back; they send nothing. */
  resumeFailed: number;
  /** Tapped packets that arrived after their leg had left the shard. */
  tapsUnclaimed: number;
}

interface Side {
  readonly leg: MediaLeg;
  readonly id: number;
}

interface Pair {
  readonly shard: NativeRelayShard;
  readonly sides: readonly [Side, Side];
}

const RTP_RECEIVED = 0;

/** Logged once per process: every MediaServer would say the same. */
let hasLoggedMissing = false;

/**
 * Moves pairs of legs in plain relay onto native relay shards (issue 5)
 * and back. A pair is offloaded when offloadBlocker() finds nothing
 * against it: the legs' sockets close (MediaEndpoint.suspend) and native
 * legs bind the same ports, latched where the endpoints were. Anything
 * that needs packets in JavaScript demotes the pair first: the native legs
 * close, the endpoints bind their ports again (resume) with the native
 * latch and counters carried over (D34 in docs/decisions.md says what the
 * switch loses). Both are synchronous, so no packet finds neither owner
 * between two JavaScript ticks. RFC 4733 packets are tapped back to the
 * leg's TelephoneEventReceiver.
 */
export class RelayOffload {
  readonly stats: RelayOffloadStats = {
    offloaded: 0,
    demoted: 0,
    failed: 0,
    resumeFailed: 0,
    tapsUnclaimed: 0,
  };
  private readonly shards: NativeRelayShard[];
  private readonly logger: Logger | undefined;
  private readonly pairs = new Map<MediaLeg, Pair>();
  /** Legs to look at again on the next sweep (their blocker may pass by itself). */
  private readonly pending = new Set<MediaLeg>();
  private readonly pins = new Map<MediaLeg, number>();
  private readonly scratch = new Float64Array(32);
  /** Per shard: which leg a native leg id stands for, for taps. */
  private readonly tapTargets = new Map<NativeRelayShard, Map<number, MediaLeg>>();
  private isClosed = false;

  private constructor(shards: NativeRelayShard[], logger: Logger | undefined) {
    this.shards = shards;
    this.logger = logger;
    for (const shard of shards) {
      const byId = new Map<number, MediaLeg>();
      shard.onTap = (id, packet) => {
        const leg = byId.get(id);
        if (leg === undefined) this.stats.tapsUnclaimed++;
        else leg.receiveTapped(packet);
      };
      this.tapTargets.set(shard, byId);
    }
  }

  /**
   * Starts the shards; undefined (logged once per process) when the addon
   * is not built or a shard cannot start, so the relay stays in JavaScript.
   */
  static create(options: RelayOffloadOptions): RelayOffload | undefined {
    const load = loadNativeRelay(options.addonPath);
    if (load.binding === undefined) {
      if (!hasLoggedMissing) options.logger?.info({ reason: load.reason }, 'native relay off');
      hasLoggedMissing = true;
      return undefined;
    }
    const shards: NativeRelayShard[] = [];
    for (let i = 0; i < Math.max(1, options.shards); i++) {
      const shard = NativeRelayShard.create({
        binding: load.binding,
        ...(options.kernelForward === true ? { kernelForward: true } : {}),
      });
      if (!shard.ok) {
        for (const s of shards) s.destroy();
        options.logger?.warn({ err: shard.error }, 'native relay shard did not start');
        return undefined;
      }
      if (options.kernelForward === true && i === 0) {
        const kernel = shard.value.kernelStatus();
        if (kernel.isActive) options.logger?.info('native relay: RTP relayed in the kernel (D43)');
        else options.logger?.warn({ reason: kernel.reason }, 'kernel RTP forwarding off');
      }
      shards.push(shard.value);
    }
    return new RelayOffload(shards, options.logger);
  }

  /** True while `leg` is relayed natively. */
  isOffloaded(leg: MediaLeg): boolean {
    return this.pairs.has(leg);
  }

  /** Pairs relayed natively now. */
  get pairCount(): number {
    return this.pairs.size / 2;
  }

  /**
   * Offloads `leg` and its peer if nothing is against it; otherwise the
   * leg is looked at again on each sweep(). True if the pair is native.
   */
  reconsider(leg: MediaLeg): boolean {
    if (this.isClosed || leg.endpoint.closed) return false;
    if (this.pairs.has(leg)) return true;
    const peer = leg.peer;
    const blocker = peer && offloadBlocker(leg, peer, (l) => (this.pins.get(l) ?? 0) > 0);
    if (peer === undefined || blocker !== undefined) {
      this.pending.add(leg);
      return false;
    }
    this.pending.delete(leg);
    this.pending.delete(peer);
    return this.offload(leg, peer);
  }

  /** Takes `leg`'s pair back into JavaScript, if it is native. */
  demote(leg: MediaLeg): void {
    const pair = this.pairs.get(leg);
    if (pair !== undefined) this.takeBack(pair);
    this.pending.add(leg);
  }

  /**
   * Demotes `leg`'s pair and keeps it in JavaScript until the returned
   * function is called, for operations that set up over several ticks
   * (play() loads its file before the player runs).
   */
  pin(leg: MediaLeg): () => void {
    this.demote(leg);
    this.pins.set(leg, (this.pins.get(leg) ?? 0) + 1);
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const n = (this.pins.get(leg) ?? 1) - 1;
      if (n > 0) this.pins.set(leg, n);
      else this.pins.delete(leg);
      this.reconsider(leg);
    };
  }

  /** Looks at the pending legs again (a prompt ended, music stopped). */
  sweep(): void {
    for (const leg of [...this.pending]) {
      if (leg.endpoint.closed) this.pending.delete(leg);
      else if (this.pending.has(leg)) this.reconsider(leg);
    }
  }

  /** Before a leg closes: its pair goes back to JavaScript, and it is forgotten. */
  forget(leg: MediaLeg): void {
    this.demote(leg);
    this.pending.delete(leg);
    this.pins.delete(leg);
    for (const targets of this.tapTargets.values()) {
      for (const [id, target] of targets) if (target === leg) targets.delete(id);
    }
  }

  /** RTP packets the leg's endpoint and its native leg received and sent. */
  counts(leg: MediaLeg): { rtpReceived: number; rtpSent: number } {
    const ep = leg.endpoint;
    const live = this.liveStats(leg);
    return {
      rtpReceived: ep.stats.rtpReceived + (live?.rtpReceived ?? 0),
      rtpSent: ep.stats.rtpSent + (live?.rtpSent ?? 0),
    };
  }

  /** Demotes every pair and stops the shard threads; idempotent. */
  close(): void {
    if (this.isClosed) return;
    for (const pair of new Set(this.pairs.values())) this.takeBack(pair);
    this.isClosed = true;
    this.pending.clear();
    for (const shard of this.shards) shard.destroy();
  }

  private offload(a: MediaLeg, b: MediaLeg): boolean {
    const shard = this.shards.reduce((best, s) => (s.size < best.size ? s : best));
    const sides: Side[] = [];
    for (const leg of [a, b]) {
      const id = this.openNative(shard, leg);
      if (id === undefined) {
        for (const side of sides) this.closeNative(shard, side);
        this.stats.failed++;
        return false;
      }
      sides.push({ leg, id });
    }
    const pair: Pair = { shard, sides: [sides[0]!, sides[1]!] };
    shard.setPeer(pair.sides[0].id, pair.sides[1].id);
    for (const side of pair.sides) side.leg.nativeSend = (packet) => shard.send(side.id, packet);
    const targets = this.tapTargets.get(shard)!;
    for (const side of pair.sides) {
      this.pairs.set(side.leg, pair);
      targets.set(side.id, side.leg);
    }
    this.stats.offloaded++;
    return true;
  }

  /**
   * Suspends the leg's endpoint and opens a native leg on its ports, set
   * up as the endpoint was: latch rules, far end, latched source, taps.
   */
  private openNative(shard: NativeRelayShard, leg: MediaLeg): number | undefined {
    const ep = leg.endpoint;
    // Set once the native leg is open; until then it has heard nothing.
    const native = { id: -1 };
    const heard = (): number =>
      native.id >= 0 && shard.statsInto(native.id, this.scratch) ? this.scratch[RTP_RECEIVED]! : 0;
    if (!ep.suspend(heard)) return undefined;
    const opened = shard.openLeg({
      ...ep.latchSettings,
      bindAddress: ep.bindAddress,
      rtpPort: ep.rtpPort,
      isRtcpMux: ep.isRtcpMux,
    });
    if (!opened.ok) {
      this.logger?.warn({ err: opened.error, ref: leg.ref }, 'native relay leg did not open');
      this.resume(leg, undefined);
      return undefined;
    }
    const id = opened.value.id;
    native.id = id;
    const remote = ep.remote;
    if (remote !== undefined) shard.setRemote(id, remote, ep.rtcpRemote);
    const source = ep.latchedSource;
    if (source !== undefined) shard.setLatched(id, source);
    const te = leg.telephoneEventPt;
    // A gated leg's keys go only to JavaScript, which passes on those that
    // are no feature code (D44) through the peer's native leg.
    if (te >= 0) shard.setTaps(id, [te], { isDiverted: leg.dtmfGate !== undefined });
    // What leaves this leg goes on as the one stream the far end knows.
    const stream = leg.outgoing.toNative(leg.nowMs());
    if (stream !== undefined) shard.setStream(id, stream);
    return id;
  }

  private takeBack(pair: Pair): void {
    const finals = pair.sides.map((side) => this.closeNative(pair.shard, side));
    const [fa, fb] = finals;
    // What one native leg sent is what the other received and relayed.
    pair.sides[0].leg.stats.forwarded += fb?.rtpSent ?? 0;
    pair.sides[1].leg.stats.forwarded += fa?.rtpSent ?? 0;
    this.stats.demoted++;
  }

  /** Closes a native leg and gives its ports, latch and counters back. */
  private closeNative(shard: NativeRelayShard, side: Side): NativeLegStats | undefined {
    const { leg, id } = side;
    leg.nativeSend = undefined;
    const latched = shard.latched(id);
    const closed = shard.closeWithStream(id);
    const final = closed?.stats;
    // Taps of the closed leg may still be on their way to this thread (a
    // key that made a gated leg leave the native relay is followed by its
    // end packets): they still reach the leg, until forget().

    if (this.pairs.get(leg)?.shard === shard) this.pairs.delete(leg);
    if (final !== undefined) addCounters(leg.endpoint, final);
    leg.stats.tapsDropped += final?.tapDropped ?? 0;
    // The native leg went on with the stream (and may have switched it).
    if (closed?.stream !== undefined) leg.outgoing.fromNative(closed.stream, leg.nowMs());
    this.resume(leg, latched);
    return final;
  }

  private resume(leg: MediaLeg, latched: Parameters<MediaEndpoint['resume']>[0]): void {
    const r = leg.endpoint.resume(latched);
    if (r.ok) return;
    this.stats.resumeFailed++;
    this.logger?.error({ err: r.error, ref: leg.ref }, 'leg lost its ports leaving native relay');
  }

  private liveStats(leg: MediaLeg): NativeLegStats | undefined {
    const pair = this.pairs.get(leg);
    const side = pair?.sides.find((s) => s.leg === leg);
    return side === undefined ? undefined : pair!.shard.stats(side.id);
  }
}

/** Adds a native leg's counters to the endpoint whose ports it had. */
function addCounters(ep: MediaEndpoint, n: NativeLegStats): void {
  const s = ep.stats;
  s.rtpReceived += n.rtpReceived;
  s.rtpSent += n.rtpSent;
  s.rtcpReceived += n.rtcpReceived;
  s.rtcpSent += n.rtcpSent;
  s.malformed += n.malformed;
  s.wrongSource += n.wrongSource;
  s.unfit += n.unfit;
  s.notSent += n.notSent;
  s.relatches += n.relatches;
  // MediaEndpointStats has no separate count for refused sends.
  s.socketErrors += n.socketErrors + n.sendErrors;
}

/**
 * Runs an operation that needs the leg's packets in JavaScript: its pair
 * leaves the native relay first and may return once the operation has set
 * up (a prompt that ends lets a later sweep offload the pair again).
 */
export async function withLegPinned<T>(
  offload: RelayOffload | undefined,
  leg: MediaLeg,
  run: () => Promise<T>,
): Promise<T> {
  const release = offload?.pin(leg);
  try {
    return await run();
  } finally {
    release?.();
  }
}
