import { err, ok } from '../../core/index.ts';
import type { MediaError, Result } from '../../core/index.ts';
import { MediaEndpoint } from './media-endpoint.ts';
import type { MediaAddress, MediaEndpointOptions } from './media-endpoint-options.ts';
import { PortAllocator } from './port-allocator.ts';
import type { PortAllocatorOptions, PortAllocatorStats, PortPair } from './port-allocator.ts';
import { RelaySession } from './relay-session.ts';

/** What createSession() needs to know of one relayed call. */
export interface RelaySessionRequest {
  readonly sessionId: string;
  /** Leg A's far end from its SDP, if known (else learnt by latching). */
  readonly remoteA?: MediaAddress;
  readonly remoteB?: MediaAddress;
  readonly payloadTypesA?: readonly number[];
  readonly payloadTypesB?: readonly number[];
  readonly isRtcpMux?: boolean;
  readonly isStreamRewritten?: boolean;
}

/** Our side of a relayed call: where each leg's far end must send. */
export interface RelaySessionInfo {
  readonly sessionId: string;
  readonly legA: PortPair;
  readonly legB: PortPair;
}

/** Counters over all sessions of a host. */
export interface RelayHostStats {
  sessions: number;
  rtpReceived: number;
  rtpSent: number;
  malformed: number;
  wrongSource: number;
  late: number;
  duplicates: number;
  notSent: number;
  socketErrors: number;
  ports: PortAllocatorStats;
}

/** Settings of a RelayHost: its port range and the endpoint defaults. */
export interface RelayHostOptions extends PortAllocatorOptions {
  readonly endpoint?: Omit<MediaEndpointOptions, 'bindAddress' | 'rtpPort' | 'rtcpPort' | 'clock'>;
}

interface Entry {
  readonly info: RelaySessionInfo;
  readonly a: MediaEndpoint;
  readonly b: MediaEndpoint;
  readonly relay: RelaySession;
}

/** Tries before giving up when ports of the range are held by other processes. */
const BIND_ATTEMPTS = 8;

/**
 * Owns one port range and the relay sessions on it: a whole media plane in
 * one thread, or one shard of it inside a relay worker.
 */
export class RelayHost {
  readonly ports: PortAllocator;
  private readonly sessions = new Map<string, Entry>();
  private readonly options: RelayHostOptions;
  /** Counters of closed sessions, so totals do not go backwards. */
  private readonly retired = {
    rtpReceived: 0,
    rtpSent: 0,
    malformed: 0,
    wrongSource: 0,
    late: 0,
    duplicates: 0,
    notSent: 0,
    socketErrors: 0,
  };

  constructor(options: RelayHostOptions) {
    this.options = options;
    this.ports = new PortAllocator(options);
  }

  /** Sessions open now. */
  get size(): number {
    return this.sessions.size;
  }

  /** Opens two endpoints and relays between them. */
  async createSession(req: RelaySessionRequest): Promise<Result<RelaySessionInfo, MediaError>> {
    if (this.sessions.has(req.sessionId)) {
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: `session ${req.sessionId} exists` });
    }
    const a = await this.openLeg(req.isRtcpMux, req.payloadTypesA);
    if (!a.ok) return a;
    const b = await this.openLeg(req.isRtcpMux, req.payloadTypesB);
    if (!b.ok) {
      this.closeLeg(a.value);
      return b;
    }
    if (req.remoteA !== undefined) a.value.setRemote(req.remoteA);
    if (req.remoteB !== undefined) b.value.setRemote(req.remoteB);
    const relay = new RelaySession(a.value, b.value, {
      isStreamRewritten: req.isStreamRewritten ?? false,
    });
    const info: RelaySessionInfo = {
      sessionId: req.sessionId,
      legA: pairOf(a.value),
      legB: pairOf(b.value),
    };
    this.sessions.set(req.sessionId, { info, a: a.value, b: b.value, relay });
    return ok(info);
  }

  /** Closes a session and releases its ports; unknown ids are ignored. */
  deleteSession(sessionId: string): void {
    const entry = this.sessions.get(sessionId);
    if (entry === undefined) return;
    this.sessions.delete(sessionId);
    entry.relay.close();
    for (const ep of [entry.a, entry.b]) {
      const s = ep.stats;
      const r = this.retired;
      r.rtpReceived += s.rtpReceived;
      r.rtpSent += s.rtpSent;
      r.malformed += s.malformed;
      r.wrongSource += s.wrongSource;
      r.late += s.late;
      r.duplicates += s.duplicates;
      r.notSent += s.notSent;
      r.socketErrors += s.socketErrors;
      this.closeLeg(ep);
    }
  }

  /** Totals over open and closed sessions. */
  stats(): RelayHostStats {
    const t = { ...this.retired };
    for (const entry of this.sessions.values()) {
      for (const s of [entry.a.stats, entry.b.stats]) {
        t.rtpReceived += s.rtpReceived;
        t.rtpSent += s.rtpSent;
        t.malformed += s.malformed;
        t.wrongSource += s.wrongSource;
        t.late += s.late;
        t.duplicates += s.duplicates;
        t.notSent += s.notSent;
        t.socketErrors += s.socketErrors;
      }
    }
    return { sessions: this.sessions.size, ...t, ports: this.ports.stats };
  }

  /** Closes every session. */
  close(): void {
    for (const id of [...this.sessions.keys()]) this.deleteSession(id);
  }

  private async openLeg(
    isRtcpMux: boolean | undefined,
    payloadTypes: readonly number[] | undefined,
  ): Promise<Result<MediaEndpoint, MediaError>> {
    let last: MediaError | undefined;
    for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      const pair = this.ports.allocate({ isRtcpMux: isRtcpMux ?? false });
      if (!pair.ok) return pair;
      const ep = await MediaEndpoint.open({
        ...this.options.endpoint,
        ...(payloadTypes === undefined ? {} : { payloadTypes }),
        bindAddress: this.ports.bindAddress,
        rtpPort: pair.value.rtpPort,
        rtcpPort: pair.value.rtcpPort,
        ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      });
      if (ep.ok) return ep;
      // A port held by another process goes to quarantine; try the next.
      this.ports.release(pair.value.rtpPort);
      last = ep.error;
      if (ep.error.code !== 'ERR_MEDIA_NO_PORTS') return ep;
    }
    return err(last ?? { code: 'ERR_MEDIA_NO_PORTS', detail: 'no bindable port pair' });
  }

  private closeLeg(ep: MediaEndpoint): void {
    ep.close();
    this.ports.release(ep.rtpPort);
  }
}

function pairOf(ep: MediaEndpoint): PortPair {
  return {
    bindAddress: ep.bindAddress,
    rtpPort: ep.rtpPort,
    rtcpPort: ep.rtcpPort,
    isRtcpMux: ep.isRtcpMux,
  };
}
