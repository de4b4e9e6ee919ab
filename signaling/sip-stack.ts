/*
 * SipStack: the SIP stack of the switch, wired bottom to top. Its options
 * are in sip-stack-options.ts, its transports built in sip-transports.ts.
 */
import type { Clock } from '../core/index.ts';
import { B2bua, DEFAULT_B2BUA_OPTIONS } from './b2bua/index.ts';
import {
  createRequest,
  formatVia,
  generateBranch,
  generateTag,
  serializeSipMessage,
  type SipMessage,
} from './message/index.ts';
import { AuthFailureTracker, ContactQualify, Registrar, staticBinding } from './registrar/index.ts';
import type { Binding, FixedContact } from './registrar/index.ts';
import { TransactionLayer, type Destination } from './transaction/index.ts';
import {
  RejectLog,
  SourceLimiter,
  StreamTransport,
  UdpTransport,
  TargetResolver,
  WsTransport,
  watchTlsFiles,
  type SendResult,
  type TransportAddress,
  type TransportProtocol,
} from './transport/index.ts';
import { TrunkQualify, TrunkRegistrations } from './trunk-registration/index.ts';
import type { ViaSource } from './dialog/index.ts';
import { DigestServer, UserAgentCore, scannerMatcher } from './user-agent/index.ts';
import type { SipStackDeps, SipStackOptions } from './sip-stack-options.ts';
import { createTransports, type AnyTransport } from './sip-transports.ts';

export type { SipStackDeps, SipStackOptions } from './sip-stack-options.ts';

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
  /** OPTIONS pings of trunks configured with qualify (D84); app.ts syncs them. */
  readonly trunkQualify: TrunkQualify;
  /** OPTIONS pings of extensions' contacts configured with qualify (D86). */
  readonly contactQualify: ContactQualify | undefined;
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
      {
        clock,
        timers: options.timers,
        transport: {
          send: (m, d) => this.send(m, d),
          sendBytes: (b, d) => this.sendBytes(b, d),
        },
        logger,
      },
      this.rejects,
      {
        allowedMethods: () => this.ua.allowedMethods,
        supportedOptionTags: ['path', 'outbound', 'gruu', 'replaces'],
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
    const staticContacts = deps.staticContacts;
    if (staticContacts !== undefined) {
      this.registrar.staticContact = (teamId, number) => {
        const c = staticContacts(teamId, number);
        return c === undefined ? undefined : staticBinding(teamId, number, c);
      };
    }
    this.contactQualify = this.qualifyContacts();
    this.trunkQualify = new TrunkQualify({
      clock,
      logger: logger.child({ component: 'trunk-qualify' }),
      transactions: this.transactions,
      resolver: deps.resolver ?? new TargetResolver(),
      viaSource: (protocol) => this.viaSource(protocol),
    });
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
              dtmfModes: deps.dtmfModes,
              extensionCodecs: deps.extensionCodecs,
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
              callLimits: deps.callLimits,
              trunkReachability: this.trunkQualify,
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
      metrics
        .gauge('switchyard_trunks_unreachable', 'Qualified trunks not answering OPTIONS (D84)')
        .set({}, this.trunkQualify.unreachableCount);
      metrics
        .gauge('switchyard_contacts_unreachable', 'Qualified contacts not answering OPTIONS (D86)')
        .set({}, this.contactQualify?.unreachableCount ?? 0);
    });
  }

  /** Binds every enabled transport; returns the addresses listened on. */
  async start(): Promise<TransportAddress[]> {
    const o = this.options;
    const common = { limiter: this.limiter, logger: this.deps.logger };
    const wanted = createTransports(o, common);
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
    this.contactQualify?.start(this.registrar.table.all());
    if (o.natKeepaliveIntervalMs > 0) {
      this.keepaliveTimer = this.deps.clock.setInterval(
        () => this.pingNatContacts(),
        o.natKeepaliveIntervalMs,
      );
    }
    return addresses;
  }

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

  /** Stops taking requests, flushes registrations, closes the sockets. */
  async stop(): Promise<void> {
    if (this.keepaliveTimer !== undefined) this.deps.clock.clearInterval(this.keepaliveTimer);
    this.stopTlsWatch?.();
    // Trunk bindings are removed while the transports can still carry it.
    await this.trunkRegistrations.stop();
    this.trunkQualify.stop();
    this.contactQualify?.stop();
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
    return this.sendBytes(serializeSipMessage(message), destination);
  }

  /** Sends a serialised message on the transport the destination names. */
  sendBytes(data: Buffer, destination: Destination): Promise<SendResult> {
    const transport = this.transports.get(destination.protocol);
    if (transport === undefined) {
      return Promise.resolve({
        ok: false,
        error: new Error(`no ${destination.protocol} transport`),
      });
    }
    if (transport instanceof UdpTransport) return transport.send(data, destination);
    return transport.send(data, destination, destination.connectionId);
  }

  /**
   * Contact qualify (D86) when the app gives extensions' settings: it
   * follows the registrar's bindings, and lookups skip what it finds
   * unreachable.
   */
  private qualifyContacts(): ContactQualify | undefined {
    const settingsOf = this.deps.contactQualify;
    if (settingsOf === undefined) return undefined;
    const fixedContacts = this.deps.fixedContacts;
    let source: readonly FixedContact[] | undefined;
    let bindings: readonly Binding[] = [];
    const qualify = new ContactQualify({
      clock: this.deps.clock,
      logger: this.deps.logger.child({ component: 'contact-qualify' }),
      transactions: this.transactions,
      viaSource: (protocol) => this.viaSource(protocol),
      settingsOf,
      // D95: the same bindings while the list is the same, so that
      // ContactQualify sees at once that nothing changed.
      fixedBindings:
        fixedContacts &&
        (() => {
          const list = fixedContacts();
          if (list !== source) {
            source = list;
            bindings = list.map((f) => staticBinding(f.teamId, f.number, f.contact));
          }
          return bindings;
        }),
    });
    this.registrar.on('registered', (binding) => qualify.registered(binding));
    this.registrar.on('unregistered', (binding) => qualify.unregistered(binding));
    this.registrar.isUnreachable = (binding) => qualify.isUnreachable(binding);
    return qualify;
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
