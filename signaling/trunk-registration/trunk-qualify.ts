import type { TimerHandle } from '../../core/index.ts';
import { randomToken } from '../../core/index.ts';
import { createRequest, formatVia, generateBranch, generateTag } from '../message/index.ts';
import { roundTrip } from '../transaction/index.ts';
import type { TrunkRegistrationDeps } from './trunk-registration.ts';

/** A trunk whose effective config asks for `qualify` (spec 02 T-2, TRK-2). */
export interface QualifyTrunk {
  readonly trunkId: number;
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  /** Slower answers than this are `lagged`; none within twice it is `unreachable`. */
  readonly maxMs: number;
  /** How often a reachable trunk is asked (Asterisk's qualifyfreq). */
  readonly intervalMs: number;
}

/** What qualifying needs from the stack: the same as a trunk registration. */
export type TrunkQualifyDeps = TrunkRegistrationDeps;

/** A trunk's qualify result, as Asterisk's `sip show peers` reads it. */
export interface TrunkQualifyStatus {
  readonly trunkId: number;
  /** `unknown` until the first answer or timeout. */
  readonly state: 'unknown' | 'ok' | 'lagged' | 'unreachable';
  /** Round trip of the last answered OPTIONS. */
  readonly rttMs: number | undefined;
  /** Wall-clock ms of the last check that ended. */
  readonly checkedAt: number | undefined;
}

/** An unreachable trunk is asked again this often, or at its own interval if shorter. */
const UNREACHABLE_RETRY_MS = 10_000;

/**
 * OPTIONS pings to the trunks whose config says `qualify=yes` (or a
 * number of ms), as Asterisk's qualify does (spec 02 T-2; the trunk list's
 * `OK (7 ms)` / `UNREACHABLE` of TRK-2): any answer, whatever its status,
 * shows the carrier's SIP server is up (RFC 3261 §11). No answer within
 * twice `maxMs` marks the trunk unreachable, and the trunk dialer skips it
 * until it answers again, so a call fails over at once instead of after
 * Timer B (D84).
 */
export class TrunkQualify {
  private readonly byTrunk = new Map<number, Qualifier>();

  constructor(private readonly deps: TrunkQualifyDeps) {}

  /** Applies the configured set: new trunks start, removed or changed ones stop. */
  sync(trunks: readonly QualifyTrunk[]): void {
    const wanted = new Map(trunks.map((t) => [t.trunkId, t]));
    for (const [trunkId, qualifier] of this.byTrunk) {
      const trunk = wanted.get(trunkId);
      if (trunk !== undefined && qualifier.isFor(trunk)) continue;
      qualifier.stop();
      this.byTrunk.delete(trunkId);
    }
    for (const trunk of trunks) {
      if (this.byTrunk.has(trunk.trunkId)) continue;
      const qualifier = new Qualifier(trunk, this.deps);
      this.byTrunk.set(trunk.trunkId, qualifier);
      qualifier.start();
    }
  }

  /** The trunk's status; undefined when it is not qualified. */
  status(trunkId: number): TrunkQualifyStatus | undefined {
    return this.byTrunk.get(trunkId)?.status;
  }

  /** Whether the dialer should skip the trunk: qualified and not answering. */
  isUnreachable(trunkId: number): boolean {
    return this.byTrunk.get(trunkId)?.status.state === 'unreachable';
  }

  /** Qualified trunks not answering now, for the metrics. */
  get unreachableCount(): number {
    let n = 0;
    for (const qualifier of this.byTrunk.values())
      if (qualifier.status.state === 'unreachable') n++;
    return n;
  }

  stop(): void {
    for (const qualifier of this.byTrunk.values()) qualifier.stop();
    this.byTrunk.clear();
  }
}

/** One trunk's pings. */
class Qualifier {
  private readonly callId = `${randomToken(16)}@switchyard`;
  private readonly fromTag = generateTag();
  private readonly config: string;
  private cseq = 0;
  private timer: TimerHandle | undefined;
  private isStopped = false;
  status: TrunkQualifyStatus;

  constructor(
    private readonly trunk: QualifyTrunk,
    private readonly deps: TrunkQualifyDeps,
  ) {
    this.config = JSON.stringify(trunk);
    this.status = {
      trunkId: trunk.trunkId,
      state: 'unknown',
      rttMs: undefined,
      checkedAt: undefined,
    };
  }

  isFor(trunk: QualifyTrunk): boolean {
    return JSON.stringify(trunk) === this.config;
  }

  start(): void {
    void this.ping();
  }

  stop(): void {
    this.isStopped = true;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async ping(): Promise<void> {
    const rttMs = await this.ask().catch(() => undefined);
    if (this.isStopped) return;
    const { trunkId, maxMs, intervalMs } = this.trunk;
    const state = rttMs === undefined ? 'unreachable' : rttMs > maxMs ? 'lagged' : 'ok';
    if (state !== this.status.state && state !== 'ok') {
      this.deps.logger.warn({ trunkId, state, rttMs }, 'trunk qualify');
    } else if (state !== this.status.state) {
      this.deps.logger.info({ trunkId, state, rttMs }, 'trunk qualify');
    }
    this.status = { trunkId, state, rttMs, checkedAt: this.deps.clock.now() };
    const nextMs =
      state === 'unreachable' ? Math.min(intervalMs, UNREACHABLE_RETRY_MS) : intervalMs;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      void this.ping();
    }, nextMs);
  }

  /** One OPTIONS; resolves with its round trip, or undefined after 2 × maxMs without answer. */
  private async ask(): Promise<number | undefined> {
    const { host, port, transport, maxMs } = this.trunk;
    const destination = (await this.deps.resolver.resolve({ host, port, transport }))[0];
    const via = destination === undefined ? undefined : this.deps.viaSource(destination.protocol);
    if (destination === undefined || via === undefined || this.isStopped) return undefined;
    this.cseq++;
    const uri = `sip:${host}:${port}`;
    const request = createRequest({
      method: 'OPTIONS',
      requestUri: uri,
      via: formatVia({ ...via, branch: generateBranch(), rport: true }),
      from: `<sip:switchyard@${via.host}>;tag=${this.fromTag}`,
      to: `<${uri}>`,
      callId: this.callId,
      cseq: this.cseq,
      headers: [['Accept', 'application/sdp']],
    });
    // Asterisk's sip_poke_noanswer: no answer within twice maxms.
    return roundTrip(this.deps, request, destination, 2 * maxMs);
  }
}
