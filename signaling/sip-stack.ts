import type {
  CallApplications,
  CallOriginator,
  RingingCalls,
  CallRecorder,
  CallRouter,
  Clock,
  Logger,
  MediaControl,
  MetricsRegistry,
} from '../core/index.ts';
import {
  B2bua,
  DEFAULT_B2BUA_OPTIONS,
  type B2buaDeps,
  type B2buaOptions,
  type HotkeyCodesOf,
  type HotkeyPolicy,
  type InfoDtmfParser,
  type TrunkAttempts,
} from './b2bua/index.ts';
import {
  createRequest,
  formatVia,
  generateBranch,
  generateTag,
  serializeSipMessage,
  type SipMessage,
} from './message/index.ts';
import {
  AuthFailureTracker,
  Registrar,
  type AuthFailurePolicy,
  type BindingPersistence,
  type RegistrarDirectory,
  type RegistrarOptions,
} from './registrar/index.ts';
import { TransactionLayer, type Destination, type TimerSettings } from './transaction/index.ts';
import {
  RejectLog,
  SourceLimiter,
  StreamTransport,
  UdpTransport,
  TargetResolver,
  WsTransport,
  loadTlsFiles,
  watchTlsFiles,
  type SendResult,
  type SourceLimiterOptions,
  type TransportAddress,
  type TransportProtocol,
} from './transport/index.ts';
import { TrunkRegistrations } from './trunk-registration/index.ts';
import type { ViaSource } from './dialog/index.ts';
import { DigestServer, UserAgentCore, scannerMatcher } from './user-agent/index.ts';

/** Listening ports; 0 turns a transport off. TLS and WSS need `tls`. */
export interface SipStackOptions {
  bind: string;
  /** The host we put in Via and Contact of requests we originate. */
  advertisedHost: string;
  udpPort: number;
  tcpPort: number;
  tlsPort: number;
  wsPort: number;
  wssPort: number;
  tls: { certPath: string; keyPath: string } | undefined;
  maxMessageBytes: number;
  limits: SourceLimiterOptions;
  authPolicy: AuthFailurePolicy;
  registrar: RegistrarOptions;
  timers: TimerSettings;
  /** OPTIONS pings to UDP contacts behind NAT keep their pinhole open. */
  natKeepaliveIntervalMs: number;
  serverName: string;
  scannerUserAgents: readonly string[];
  maxServerTransactions: number;
  /** Digest algorithms offered, most preferred first (RFC 8760 §2.4). */
  digestAlgorithms: ReadonlyArray<'SHA-256' | 'MD5'>;
  /** Settings of the B2BUA; defaults when absent. */
  b2bua?: B2buaOptions;
}

/** What the stack needs from the rest of the switch. */
export interface SipStackDeps {
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry;
  directory: RegistrarDirectory;
  persistence: BindingPersistence | undefined;
  /** Where calls go; without it the stack takes no calls (INVITE gets 405). */
  router?: CallRouter;
  /** The media plane; without it SDP passes through unchanged. */
  media?: MediaControl;
  /** Receives each call's life for its CDR. */
  recorder?: CallRecorder;
  /** Builds the PBX applications (queues, IVRs, …) around the B2BUA's originator. */
  applications?: (originator: CallOriginator, ringing: RingingCalls) => CallApplications;
  /** Wraps the originator of every leg placed for a call (B2buaDeps.placedLegs). */
  placedLegs?: (originator: CallOriginator) => CallOriginator;
  /** Voicemail counts of an extension, for message-waiting NOTIFYs (RFC 3842). */
  mailboxOf?: (
    teamId: number,
    number: string,
  ) => Promise<{ newCount: number; oldCount: number } | undefined>;
  /** A team's SIP domain, for legs the applications place. */
  domainOf?: (teamId: number) => string | undefined;
  /** Feature codes in force for a team: the in-call hotkeys among them run (D31). */
  hotkeysOf?: HotkeyCodesOf;
  /** GRP-9: who may consult or transfer whom with a hotkey. */
  hotkeyPolicy?: HotkeyPolicy;
  /** Hold hotkey keys back from the other party (D44). */
  swallowHotkeyDigits?: boolean;
  /** Reads DTMF sent in INFO (app.ts wires media/dtmf's parsers). */
  infoDtmf?: InfoDtmfParser;
  /** EXT-13: the early media a caller hears while an extension rings. */
  ringbackOf?: B2buaDeps['ringbackOf'];
  /** Locates trunk hosts (RFC 3263); the system DNS when absent. */
  resolver?: TargetResolver;
  /** Trunks' extra INVITE headers and failure count (TRK-11, TRK-13). */
  trunkAttempts?: TrunkAttempts;
}

type AnyTransport = UdpTransport | StreamTransport | WsTransport;

/**
 * The SIP stack of the switch, bottom to top: transports, the transaction
 * layer, the UA core with digest auth, and the registrar. start() binds the
 * sockets; stop() stops taking requests, flushes bindings and closes them.
 */
export class SipStack {
  readonly limiter: SourceLimiter;
  readonly rejects: RejectLog;
  readonly transactions: TransactionLayer;
  readonly ua: UserAgentCore;
  readonly registrar: Registrar;
  readonly digest: DigestServer;
  readonly b2bua: B2bua | undefined;
  /** Outbound REGISTER of registration trunks; app.ts starts them. */
  readonly trunkRegistrations: TrunkRegistrations;
  private readonly transports = new Map<TransportProtocol, AnyTransport>();
  private stopTlsWatch: (() => void) | undefined;
  private keepaliveTimer: ReturnType<Clock['setInterval']> | undefined;

  constructor(
    private readonly options: SipStackOptions,
    private readonly deps: SipStackDeps,
  ) {
    const { clock, logger, metrics } = deps;
    this.limiter = new SourceLimiter(options.limits, clock);
    this.rejects = new RejectLog(clock, metrics);
    const isScanner = scannerMatcher(options.scannerUserAgents);
    this.transactions = new TransactionLayer(
      { clock, timers: options.timers, transport: { send: (m, d) => this.send(m, d) }, logger },
      this.rejects,
      {
        allowedMethods: () => this.ua.allowedMethods,
        supportedOptionTags: ['path', 'outbound', 'gruu'],
        maxServerTransactions: options.maxServerTransactions,
        serverHeader: options.serverName,
        screenRequest: (request) => {
          const hit = isScanner(request.userAgent());
          return hit === undefined ? undefined : `scanner-user-agent:${hit}`;
        },
      },
    );
    this.ua = new UserAgentCore(
      this.transactions,
      {
        accept: ['application/sdp'],
        supported: ['path', 'outbound'],
        userAgent: options.serverName,
      },
      logger,
    );
    this.digest = new DigestServer({ clock, algorithms: options.digestAlgorithms });
    this.registrar = new Registrar({
      clock,
      logger: logger.child({ component: 'registrar' }),
      directory: deps.directory,
      persistence: deps.persistence,
      digest: this.digest,
      failures: new AuthFailureTracker(options.authPolicy, clock),
      rejects: this.rejects,
      ban: (ip, durationMs) => this.limiter.ban(ip, durationMs),
      banDurationMs: options.authPolicy.banDurationMs,
      options: options.registrar,
    });
    this.ua.handle('REGISTER', (req, tx, packet) => this.registrar.handleRegister(req, tx, packet));
    this.b2bua =
      deps.router === undefined
        ? undefined
        : new B2bua(
            {
              transactions: this.transactions,
              clock,
              timers: options.timers,
              logger: logger.child({ component: 'b2bua' }),
              media: deps.media,
              options: options.b2bua ?? {
                ...DEFAULT_B2BUA_OPTIONS,
                serverName: options.serverName,
              },
              viaSource: (protocol) => this.viaSource(protocol),
            },
            {
              ua: this.ua,
              registrar: this.registrar,
              router: deps.router,
              resolver: deps.resolver ?? new TargetResolver(),
              recorder: deps.recorder,
              applications: deps.applications,
              placedLegs: deps.placedLegs,
              domainOf: deps.domainOf,
              hotkeysOf: deps.hotkeysOf,
              hotkeyPolicy: deps.hotkeyPolicy,
              swallowHotkeyDigits: deps.swallowHotkeyDigits,
              infoDtmf: deps.infoDtmf,
              ringbackOf: deps.ringbackOf,
              trunkAttempts: deps.trunkAttempts,
              mailboxOf: deps.mailboxOf,
              directory: deps.directory,
              digest: this.digest,
              rejects: this.rejects,
            },
          );
    this.trunkRegistrations = new TrunkRegistrations({
      clock,
      logger: logger.child({ component: 'trunk-registration' }),
      transactions: this.transactions,
      resolver: deps.resolver ?? new TargetResolver(),
      viaSource: (protocol) => this.viaSource(protocol),
    });
    metrics.onCollect(() => {
      metrics
        .gauge('switchyard_sip_registrations', 'Registered contacts')
        .set({}, this.registrar.table.size);
      metrics
        .gauge('switchyard_sip_server_transactions', 'Live server transactions')
        .set({}, this.transactions.serverTransactionCount);
      metrics
        .gauge('switchyard_sip_client_transactions', 'Live client transactions')
        .set({}, this.transactions.clientTransactionCount);
    });
  }

  /** Binds every enabled transport; returns the addresses listened on. */
  async start(): Promise<TransportAddress[]> {
    const o = this.options;
    const common = { limiter: this.limiter, logger: this.deps.logger };
    const tlsOptions = o.tls === undefined ? undefined : loadTlsFiles(o.tls);
    const wanted: AnyTransport[] = [];
    if (o.udpPort > 0) {
      wanted.push(
        new UdpTransport({
          ...common,
          address: o.bind,
          port: o.udpPort,
          maxMessageBytes: o.maxMessageBytes,
          socketBufferBytes: 8 << 20,
        }),
      );
    }
    if (o.tcpPort > 0) {
      wanted.push(
        new StreamTransport({
          ...common,
          protocol: 'tcp',
          address: o.bind,
          port: o.tcpPort,
          maxMessageBytes: o.maxMessageBytes,
          idleTimeoutMs: 600_000,
        }),
      );
    }
    if (o.tlsPort > 0 && tlsOptions !== undefined) {
      wanted.push(
        new StreamTransport({
          ...common,
          protocol: 'tls',
          address: o.bind,
          port: o.tlsPort,
          maxMessageBytes: o.maxMessageBytes,
          idleTimeoutMs: 600_000,
          tlsOptions,
        }),
      );
    }
    if (o.wsPort > 0) {
      wanted.push(
        new WsTransport({
          ...common,
          protocol: 'ws',
          address: o.bind,
          port: o.wsPort,
          maxMessageBytes: o.maxMessageBytes,
        }),
      );
    }
    if (o.wssPort > 0 && tlsOptions !== undefined) {
      wanted.push(
        new WsTransport({
          ...common,
          protocol: 'wss',
          address: o.bind,
          port: o.wssPort,
          maxMessageBytes: o.maxMessageBytes,
          tlsOptions,
        }),
      );
    }
    const addresses: TransportAddress[] = [];
    for (const t of wanted) {
      t.on('packet', (packet) => this.transactions.receive(packet));
      t.on('drop', (source, reason, data) =>
        this.rejects.record(source, `transport-${reason}`, data),
      );
      t.on('error', (err) =>
        this.deps.logger.error({ err, protocol: t.protocol }, 'transport error'),
      );
      addresses.push(await t.listen());
      this.transports.set(t.protocol, t);
    }
    if (o.tls !== undefined) {
      this.stopTlsWatch = watchTlsFiles(
        o.tls,
        (options) => {
          for (const t of this.transports.values()) {
            if (t instanceof StreamTransport || t instanceof WsTransport)
              t.setSecureContext(options);
          }
        },
        this.deps.logger,
      );
    }
    this.registrar.start();
    if (o.natKeepaliveIntervalMs > 0) {
      this.keepaliveTimer = this.deps.clock.setInterval(
        () => this.pingNatContacts(),
        o.natKeepaliveIntervalMs,
      );
    }
    return addresses;
  }

  /** Stops taking requests, flushes registrations, closes the sockets. */
  /**
   * Drains calls for a graceful shutdown: new calls get 503 at once, calls
   * in progress may finish on their own until `deadlineMs` (monotonic), then
   * the rest are hung up with BYE (or 480 if unanswered) so both parties and
   * their CDRs see a clean end.
   */
  async drain(deadlineMs: number): Promise<void> {
    this.ua.isDraining = true;
    const calls = this.b2bua?.calls;
    if (calls === undefined) return;
    while (calls.size > 0 && this.deps.clock.monotonicMs() < deadlineMs) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const left = calls.list(undefined);
    for (const c of left) calls.hangup(c.callId);
    // Let the BYEs leave before the sockets close (they are retransmitted by
    // their transactions, but one send is what a closing switch can offer).
    if (left.length > 0) await new Promise((r) => setTimeout(r, 200));
  }

  async stop(): Promise<void> {
    if (this.keepaliveTimer !== undefined) this.deps.clock.clearInterval(this.keepaliveTimer);
    this.stopTlsWatch?.();
    // Trunk bindings are removed while the transports can still carry it.
    await this.trunkRegistrations.stop();
    this.registrar.stop();
    this.transactions.stop();
    await Promise.all([...this.transports.values()].map((t) => t.stop()));
    this.transports.clear();
  }

  /** Our sent-by for requests we originate over `protocol`, if it listens. */
  viaSource(protocol: TransportProtocol): ViaSource | undefined {
    const t = this.transports.get(protocol);
    if (t === undefined) return undefined;
    return {
      transport: protocol.toUpperCase(),
      host: this.options.advertisedHost,
      port: t.local.port,
    };
  }

  /** Serializes a message and sends it on the transport the destination names. */
  send(message: SipMessage, destination: Destination): Promise<SendResult> {
    const transport = this.transports.get(destination.protocol);
    if (transport === undefined) {
      return Promise.resolve({
        ok: false,
        error: new Error(`no ${destination.protocol} transport`),
      });
    }
    const data = serializeSipMessage(message);
    if (transport instanceof UdpTransport) return transport.send(data, destination);
    return transport.send(data, destination, destination.connectionId);
  }

  /** OPTIONS to each UDP contact behind NAT, sent statelessly (RFC 3261 §11). */
  private pingNatContacts(): void {
    const udp = this.transports.get('udp');
    if (udp === undefined) return;
    const local = udp.local;
    for (const b of this.registrar.table.all()) {
      if (!b.isBehindNat || b.protocol !== 'udp') continue;
      const ping = createRequest({
        method: 'OPTIONS',
        requestUri: b.contactUri,
        via: formatVia({
          transport: 'UDP',
          host: this.options.advertisedHost,
          port: local.port,
          branch: generateBranch(),
          rport: true,
        }),
        from: `<sip:keepalive@${this.options.advertisedHost}>;tag=${generateTag()}`,
        to: `<${b.contactUri}>`,
        callId: generateTag() + generateTag(),
        cseq: 1,
        headers: [['User-Agent', this.options.serverName]],
      });
      void this.send(ping, { protocol: 'udp', address: b.sourceAddress, port: b.sourcePort });
    }
  }
}
