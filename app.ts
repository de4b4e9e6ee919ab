import { mkdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildAdminApi } from './admin-api/index.ts';
import {
  ConfigError,
  err,
  Lifecycle,
  MetricsRegistry,
  systemClock,
  type CallApplications,
  type CallOriginator,
  type RingingCalls,
  type Clock,
  type Logger,
  type MediaControl,
  type MediaPlaySource,
} from './core/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import {
  ensureSuperadmin,
  openStore,
  provisionDemo,
  type ConfigStore,
} from './core/config-store/index.ts';
import { VERSION } from './version.ts';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import {
  DEFAULT_AUTH_FAILURE_POLICY,
  DEFAULT_REGISTRAR_OPTIONS,
  DEFAULT_SCANNER_USER_AGENTS,
  DEFAULT_SOURCE_LIMITS,
  DEFAULT_TIMERS,
  SipStack,
  type BindingPersistence,
  type RegistrarDirectory,
  type RegistrationTrunk,
  type TransportAddress,
} from './signaling/index.ts';
import { MediaServer } from './media/media-server/index.ts';
import { WebRtcMediaControl } from './media/webrtc/index.ts';
import {
  DEFAULT_INFO_DURATION_MS,
  parseApplicationDtmf,
  parseDtmfRelay,
} from './media/dtmf/index.ts';
import { buildBilling, withExtensionRates } from './app-billing.ts';
import { CdrRecorder, PlacedLegBook } from './pbx/cdr/index.ts';
import {
  RecordingCallRecorder,
  RecordingPolicy,
  RetentionSweeper,
  prepareUnder,
} from './pbx/recording/index.ts';
import { openCdrStore, type CdrStore } from './core/cdr-store/index.ts';
import { recordingDirectory, teamRealm } from './core/config-store/index.ts';
import {
  DialPlanRouter,
  FileVoicemailStore,
  type ConferenceRooms,
  type QueueParties,
} from './pbx/index.ts';
import { mohPlaylistLookup, mohSourceOfClassId } from './app-moh.ts';
import { installSystemSounds } from './app-sounds.ts';
import { agentPhoneDirectory } from './app-agents.ts';
import { buildPbxApplications, conferenceControl } from './app-pbx.ts';
import { mailboxCounter } from './app-voicemail.ts';
import { AgentSessions, withAgentForwarding } from './pbx/agents/index.ts';
import type { Queue } from './pbx/queue/index.ts';
import { blfPolicy, buildParkingLots, lightParkingLamps, parkedCallsView } from './app-parking.ts';
import { storeTrunkAttempts } from './app-trunks.ts';
import { EgressPolicy, WebhookDispatcher, createEgressFetch } from './core/webhooks/index.ts';
import {
  TeamEventPublisher,
  TeamEventRecorder,
  publishAgentSessionEvents,
  publishQueueAgentEvents,
} from './pbx/team-events/index.ts';
import { nativeRelaySetting } from './app-native-relay.ts';
import { buildBills } from './app-bills.ts';
import { voicemailMailOf } from './app-mail.ts';
import { agentHotkeyPolicy } from './app-hotkey-policy.ts';
import { agentOutboundGate, buildClickToCall } from './app-click-to-call.ts';

/** What buildSwitch() needs besides the configuration. */
export interface SwitchDeps {
  logger: Logger;
  clock?: Clock;
  /** The first superadmin password (SWITCHYARD_ADMIN_PASSWORD); random if absent. */
  adminPassword?: string;
  /** Called once with the generated admin password, to print it. */
  onAdminCreated?: (info: { username: string; password: string; isGenerated: boolean }) => void;
  /**
   * The media plane for the B2BUA: by default the switch's own MediaServer
   * on --rtp-ports; null passes SDP through unanchored (signalling tests).
   */
  media?: MediaControl | null;
  /**
   * Replaces the PBX applications (queues, IVRs, …) that calls to their
   * numbers reach; tests script a call flow with it.
   */
  applications?: (ctx: {
    media: MediaControl;
    originator: CallOriginator;
    store: ConfigStore;
  }) => CallApplications;
}

/** How often registration trunks are compared with the store (reload). */
const TRUNK_SYNC_MS = 10_000;

/** Addresses the switch listens on once started. */
export interface SwitchAddresses {
  http: string;
  sip: TransportAddress[];
}

/** A built switch: start() opens the store and the sockets, stop() drains. */
export interface Switch {
  readonly config: ProcessConfig;
  readonly metrics: MetricsRegistry;
  start(): Promise<SwitchAddresses>;
  stop(): Promise<void>;
  /** The config store; only valid after start(). */
  store(): ConfigStore;
  /** The admin API instance, for inject() in tests; valid after start(). */
  http(): FastifyInstance;
  /** The SIP stack; valid after start(). */
  sip(): SipStack;
}

const REGISTRATION_NAME = /^([A-Za-z0-9]+)-(.+)$/;

/**
 * The registrar's view of the store: a user is a number in a team's SIP
 * domain, or a registration name `<uid>-<number>` at any host (spec 01 §2.2).
 */
export function storeDirectory(store: ConfigStore): RegistrarDirectory {
  const toEntry = (c: ReturnType<ConfigStore['extensions']['findSipCredentialsByDomain']>) =>
    c === undefined
      ? undefined
      : {
          teamId: c.teamId,
          extensionId: c.extensionId,
          number: c.internalNumber,
          realm: c.realm,
          ha1Md5: c.ha1Md5,
          ha1Sha256: c.ha1Sha256,
          isEnabled: c.isEnabled,
          sourceRestriction: c.sourceRestriction,
          isExternal: c.isExternal,
        };
  return {
    realmFor(domain, user) {
      // A domain served by a team is its own realm; the registration-name
      // form takes its team's realm. Either way the realm depends only on
      // the domain or the team, never on whether the extension exists.
      const m = REGISTRATION_NAME.exec(user);
      if (m !== null && store.teams.findBySipDomain(domain) === undefined) {
        const team = store.teams.findByUid(m[1]!);
        if (team !== undefined) return teamRealm(team);
      }
      return domain;
    },
    find(domain, user) {
      const byDomain = store.extensions.findSipCredentialsByDomain(domain, user);
      if (byDomain !== undefined) return toEntry(byDomain);
      return REGISTRATION_NAME.test(user)
        ? toEntry(store.extensions.findSipCredentialsByRegistrationName(user))
        : undefined;
    },
  };
}

/**
 * EXT-13: an extension's ringback, the MOH class its callers hear while it
 * rings; none when unset or when the class was deleted (the column has no
 * foreign key, D40), so the phone's own ringback tone plays.
 */
export function extensionRingback(
  store: ConfigStore,
): (teamId: number, extensionId: number) => MediaPlaySource | undefined {
  return (teamId, extensionId) => {
    const classId = store.extensions.find(extensionId)?.ringbackMohClassId ?? null;
    if (classId === null || store.mohClasses.find(classId) === undefined) return undefined;
    return mohSourceOfClassId(store, classId, teamId);
  };
}

/** Registration bindings kept in the store's registrations table. */
export function storeBindingPersistence(store: ConfigStore): BindingPersistence {
  return {
    loadAll: () =>
      store.registrations.loadAll().map((r) => ({
        ...r,
        q: r.q / 1000,
        protocol: r.protocol as TransportAddress['protocol'],
        instanceId: r.instanceId ?? undefined,
      })),
    apply: (upserts, removals) =>
      store.registrations.apply(
        upserts.map((b) => ({ ...b, q: Math.round(b.q * 1000), instanceId: b.instanceId ?? null })),
        removals,
      ),
  };
}

/**
 * Enabled registration trunks with `register` set and a username: the
 * switch keeps each registered with its carrier (spec 01 TRK-2).
 */
export function registrationTrunks(store: ConfigStore): RegistrationTrunk[] {
  return store.trunks
    .list()
    .filter((t) => t.type === 'registration' && t.register && t.status === 'enabled')
    .flatMap((t) =>
      t.username === null
        ? []
        : [
            {
              trunkId: t.id,
              host: t.host,
              port: t.port,
              transport: t.transport,
              username: t.username,
              password: store.trunks.getSecret(t.id) ?? '',
            },
          ],
    );
}

/** The host to advertise in Via and Contact: the bind address, or a local one. */
function advertisedHost(bind: string): string {
  if (bind !== '0.0.0.0' && bind !== '::') return bind;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

function tlsFiles(
  config: ProcessConfig,
  dataDir: string,
): { certPath: string; keyPath: string } | undefined {
  const certPath = config.tlsCert ?? resolve(dataDir, 'tls', 'cert.pem');
  const keyPath = config.tlsKey ?? resolve(dataDir, 'tls', 'key.pem');
  if (config.tlsCert !== undefined || config.tlsKey !== undefined) return { certPath, keyPath };
  return existsSync(certPath) && existsSync(keyPath) ? { certPath, keyPath } : undefined;
}

/**
 * Refuses a data dir we cannot create or write into, as a ConfigError, so
 * the CLI reports it in one line (exit 2) instead of failing later.
 */
export function checkDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    const probe = resolve(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError('dataDir', dataDir, `data dir ${dataDir} is not writable (${code})`);
  }
  return dir;
}

/**
 * Wires every layer into an unstarted switch. Nothing touches the disk or
 * the network until start().
 */
export function buildSwitch(config: ProcessConfig, deps: SwitchDeps): Switch {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger;
  const metrics = new MetricsRegistry();
  let store: ConfigStore | undefined;
  let http: FastifyInstance | undefined;
  let sip: SipStack | undefined;
  // The conference runtime, once the SIP stack built the applications.
  let conferenceRooms: ConferenceRooms | undefined;
  // GRP-10: each queue's runtime once built, for the agents' queue information.
  const liveQueues = new Map<number, Queue>();
  // parties added to queue calls, once the SIP stack built the applications.
  let queueParties: QueueParties | undefined;
  let isDraining = false;
  /** When stop() was asked, on the monotonic clock: the grace starts then. */
  let stopAskedAtMs: number | undefined;
  let addresses: SwitchAddresses | undefined;
  const startedAtMs = clock.now();
  // Issue 7 (D47): every tenant-configured URL goes through one guard.
  const egressFetch = createEgressFetch({
    policy: EgressPolicy.fromAllowList(config.webhookAllow),
    logger: logger.child({ component: 'egress' }),
    metrics,
  });

  const lifecycle = new Lifecycle({
    onStart: async () => {
      const dataDir = checkDataDir(config.dataDir);
      await installSystemSounds(dataDir, logger.child({ component: 'sounds' }));
      const openedStore = openStore({ dataDir, logger });
      store = openedStore;
      lifecycle.adopt({ stop: async () => store?.close() });
      const admin = ensureSuperadmin(store, deps.adminPassword);
      if (admin.created) {
        deps.onAdminCreated?.({
          username: 'admin',
          password: admin.password,
          isGenerated: admin.isGenerated,
        });
      }
      if (config.demo) {
        const demo = provisionDemo(store, { dataDir, demoTrunk: config.demoTrunk });
        logger.info({ created: demo.created, users: demo.users }, 'demo provisioned');
      }
      const cdrStore: CdrStore = openCdrStore(dataDir, {
        onCheckpointError: (error) => logger.warn({ err: error }, 'CDR checkpoint failed'),
      });
      lifecycle.adopt({ stop: async () => cdrStore.close() });
      // D56: answered calls are charged as their CDR completes.
      const billing = buildBilling({
        store: openedStore,
        cdrs: cdrStore,
        presence: () => agentSessions,
        logger: logger.child({ component: 'billing' }),
      });
      const cdrRecorder = new CdrRecorder(billing.storage, logger.child({ component: 'cdr' }));
      // CDR-1: calls a crash cut short are closed as incomplete, never lost.
      cdrRecorder.recoverAfterCrash(clock.now());
      // Spec 03 §7.4–7.6, AC-9: monthly bills; stopped before cdr.db closes.
      const bills = buildBills({ config, store: openedStore, cdrs: cdrStore, clock, logger });
      lifecycle.adopt({ stop: () => bills.stop() });
      bills.start();
      const recordingsDir = resolve(dataDir, 'recordings');
      const recordingLogger = logger.child({ component: 'recording' });
      // Spec 04 §15.13: retention plans run daily; stopped before cdr.db closes.
      const sweeper = new RetentionSweeper({
        clock,
        logger: recordingLogger,
        recordingsDir,
        plans: openedStore.recordingRetentionPlans,
        references: cdrStore,
      });
      lifecycle.adopt({ stop: () => sweeper.stop() });
      sweeper.start();
      // Recorded calls complete their CDR once the file is closed (CDR-3);
      // adopted here so that it drains after the media server has stopped.
      let recordingRecorder: RecordingCallRecorder | undefined;
      lifecycle.adopt({ stop: async () => recordingRecorder?.drain() });
      let media: MediaControl | undefined = deps.media ?? undefined;
      if (deps.media === undefined) {
        const nativeRelay = nativeRelaySetting(process.env, config.bind);
        if (nativeRelay.kernelOffReason !== undefined) {
          logger.info({ reason: nativeRelay.kernelOffReason }, 'kernel RTP forwarding off');
        }
        const server = new MediaServer({
          bindAddress: config.bind,
          advertisedAddress: advertisedHost(config.bind),
          minPort: config.rtpPorts.min,
          maxPort: config.rtpPorts.max,
          recordingsDir,
          soundsDir: resolve(dataDir, 'sounds'),
          // Queues, parking and held calls hear the store's MOH classes.
          mohPlaylists: mohPlaylistLookup(openedStore),
          transcodeCodecs: ['PCMU', 'PCMA'],
          // Native shard threads (D34), with kernel forwarding where it can
          // load (D43, on by default since D50).
          nativeRelay: nativeRelay.setting,
          logger: logger.child({ component: 'media' }),
        });
        await server.start();
        // Adopted before SIP, so it stops after the B2BUA has hung up.
        lifecycle.adopt({ stop: () => server.stop() });
        // Browser legs (D35): ICE and DTLS-SRTP in front of the server.
        const webrtc = new WebRtcMediaControl({
          inner: server,
          iceAddress: config.bind,
          logger: logger.child({ component: 'webrtc' }),
        });
        lifecycle.adopt({ stop: () => webrtc.stop() });
        media = webrtc;
      }
      if (media !== undefined) {
        recordingRecorder = new RecordingCallRecorder({
          inner: cdrRecorder,
          media,
          policy: new RecordingPolicy(recordingDirectory(openedStore)),
          logger: recordingLogger,
          prepare: prepareUnder(recordingsDir),
          trunkGains: (trunkId) => openedStore.trunks.find(trunkId),
        });
      }
      // TM-11: team events ride on the CDR hooks. Adopted before SIP, so
      // the queue stops after the last calls have ended (D47).
      const webhooks = new WebhookDispatcher({
        fetch: egressFetch,
        clock,
        logger: logger.child({ component: 'webhooks' }),
        metrics,
      });
      lifecycle.adopt({
        stop: async () => {
          // The last calls' events go out within the shutdown grace, with
          // 1 s of it left for closing sockets and stores (D58).
          const startedMs = stopAskedAtMs ?? clock.monotonicMs();
          const leftMs = startedMs + config.shutdownTimeoutMs - 1000 - clock.monotonicMs();
          await webhooks.drain(Math.max(0, leftMs));
          await webhooks.close();
        },
      });
      const teamEvents = new TeamEventPublisher(openedStore.teams, webhooks, logger);
      const recorder = new TeamEventRecorder(recordingRecorder ?? cdrRecorder, teamEvents, logger);
      // Spec §1.5: signed-in agents come back after a restart; queues offer
      // calls only to them (GRP-1), and AGT-2 binds phones by registration.
      const agentSessions = new AgentSessions({
        store: openedStore,
        phones: agentPhoneDirectory(openedStore, () => sip?.registrar),
        clock,
        logger: logger.child({ component: 'agents' }),
      });
      // D63: sign-in, sign-out, pause and resume go to the team's event URL.
      publishAgentSessionEvents(
        agentSessions,
        (event) => teamEvents.publish(event),
        clock,
        (agentId) => openedStore.agents.find(agentId)?.agentNo,
      );
      agentSessions.start();
      // D56: calls a crash left uncharged are charged once, now.
      billing.charger.settlePending();
      lifecycle.adopt({ stop: async () => agentSessions.stop() });
      const parking =
        media === undefined
          ? undefined
          : buildParkingLots({
              media,
              clock,
              store: openedStore,
              logger: logger.child({ component: 'parking' }),
            });
      // AGT-6: a signed-in agent's extension ignores its forwarding; GRP-4
      // and GRP-5 gate agents' trunk calls (D55); cascade trunks name the
      // signed-in agent (TRK-12). Click-to-call shares it.
      const dialPlan = new DialPlanRouter(
        withExtensionRates(
          withAgentForwarding(openedStore, {
            presence: agentSessions,
            ignoresForwarding: (id) => openedStore.agents.find(id)?.ignoreExtForwarding === true,
          }),
          openedStore,
        ),
        undefined,
        {
          agentGate: agentOutboundGate(openedStore, cdrStore, agentSessions),
          presence: agentSessions,
        },
      );
      // CDR-1: each leg placed for a call gets its row once it ends, and is
      // listed under its call in GET /calls until then.
      const placedLegs = new PlacedLegBook({
        storage: cdrStore,
        clock,
        logger: logger.child({ component: 'cdr-legs' }),
        agents: agentSessions,
      });
      sip = new SipStack(
        {
          bind: config.bind,
          advertisedHost: advertisedHost(config.bind),
          udpPort: config.sipPort,
          tcpPort: config.sipTcpPort ?? config.sipPort,
          tlsPort: config.sipTlsPort,
          wsPort: config.sipWsPort,
          wssPort: config.sipWssPort,
          tls: tlsFiles(config, dataDir),
          maxMessageBytes: 65_535,
          limits: DEFAULT_SOURCE_LIMITS,
          authPolicy: DEFAULT_AUTH_FAILURE_POLICY,
          registrar: DEFAULT_REGISTRAR_OPTIONS,
          timers: DEFAULT_TIMERS,
          natKeepaliveIntervalMs: 30_000,
          serverName: `Switchyard/${VERSION}`,
          scannerUserAgents: DEFAULT_SCANNER_USER_AGENTS,
          maxServerTransactions: 200_000,
          digestAlgorithms: config.digestAlgorithms ?? ['MD5'],
        },
        {
          clock,
          logger: logger.child({ component: 'sip' }),
          metrics,
          directory: storeDirectory(store),
          persistence: storeBindingPersistence(store),
          // AGT-6: a signed-in agent's extension ignores its forwarding.
          router: dialPlan,
          media,
          recorder,
          domainOf: (teamId) => {
            const team = openedStore.teams.find(teamId);
            return team === undefined ? undefined : teamRealm(team);
          },
          hotkeysOf: (teamId) => openedStore.featureCodes.effective(teamId),
          placedLegs: (originator) => placedLegs.wrap(originator),
          hotkeyPolicy: agentHotkeyPolicy(openedStore.agentGroups, agentSessions),
          swallowHotkeyDigits: config.hotkeyDigits === 'swallow',
          infoDtmf: infoDtmfParser,
          ringbackOf: extensionRingback(openedStore),
          trunkAttempts: storeTrunkAttempts(openedStore, logger.child({ component: 'trunks' })),
          ...(media === undefined
            ? {}
            : {
                applications: (originator: CallOriginator, ringing: RingingCalls) =>
                  deps.applications?.({ media, originator, store: openedStore }) ??
                  buildPbxApplications({
                    media,
                    voicemailMail: voicemailMailOf(config, clock, logger),
                    fetch: egressFetch,
                    onQueue: (queue, teamId) => {
                      liveQueues.set(queue.config.id, queue);
                      publishQueueAgentEvents(
                        queue,
                        teamId,
                        (event) => teamEvents.publish(event),
                        clock,
                      );
                    },
                    originator,
                    ringing,
                    store: openedStore,
                    clock,
                    logger: logger.child({ component: 'pbx' }),
                    dataDir,
                    parking,
                    onMailboxChanged: (teamId, number) =>
                      sip?.b2bua?.blf.mailboxChanged(teamId, number),
                    onConferences: (rooms) => (conferenceRooms = rooms),
                    cdrIvr: cdrStore,
                    agents: agentSessions,
                    // D64: straight to the CDR recorder, past its wrappers.
                    recorder: cdrRecorder,
                    // a party leg is a call of the member's extension:
                    // routed and gated as it dials, recorded like its calls.
                    queueParties: {
                      router: dialPlan,
                      recorder,
                      onBuilt: (parties) => (queueParties = parties),
                      isSwallowingKeys: config.hotkeyDigits === 'swallow',
                    },
                  }),
                mailboxOf: mailboxCounter(openedStore, dataDir),
              }),
        },
      );
      const sipStack = sip;
      sipStack.b2bua?.blf.usePolicy(blfPolicy(openedStore, parking));
      if (parking !== undefined) {
        lightParkingLamps(parking, (t, n, ended) => sipStack.b2bua?.blf.changed(t, n, ended));
      }
      const sipAddresses = await sipStack.start();
      lifecycle.adopt({
        stop: async () => {
          // Leave 2 s of the shutdown budget for closing sockets and stores.
          const drainMs = Math.max(0, config.shutdownTimeoutMs - 2000);
          await sipStack.drain(clock.monotonicMs() + drainMs);
          await sipStack.stop();
        },
      });
      sipStack.trunkRegistrations.start(registrationTrunks(store));
      // Reload for registration trunks (docs/decisions.md): trunks added,
      // changed or removed over the API are applied within TRUNK_SYNC_MS.
      const trunkSync = clock.setInterval(() => {
        if (isDraining) return;
        sipStack.trunkRegistrations.sync(registrationTrunks(openedStore)).catch((err: unknown) => {
          logger.warn({ err }, 'registration trunks sync failed');
        });
      }, TRUNK_SYNC_MS);
      lifecycle.adopt({ stop: async () => clock.clearInterval(trunkSync) });
      http = await buildAdminApi({
        version: VERSION,
        startedAtMs,
        clock,
        logger,
        metrics,
        status: () => ({ isDraining }),
        store,
        cdrs: cdrStore,
        bills: bills.control,
        // AGT-5, GRP-1: agents sign in and out through the API.
        agents: agentSessions,
        ...(parking === undefined ? {} : { parkedCalls: parkedCallsView(parking) }),
        conferences: conferenceControl(() => conferenceRooms),
        queueStats: { stats: (queueId) => liveQueues.get(queueId)?.stats() },
        // VM-2: the same files the voicemail application writes.
        voicemailMessages: new FileVoicemailStore(join(dataDir, 'voicemail')),
        sipSecurity: {
          recentRejects: (limit) => sipStack.rejects.recent(limit),
          bans: () => sipStack.limiter.bans(),
        },
        trunkRegistrations: { status: (trunkId) => sipStack.trunkRegistrations.status(trunkId) },
        calls: sipStack.b2bua && {
          list: (teamId) =>
            (sipStack.b2bua?.calls.list(teamId) ?? []).map((call) => ({
              ...call,
              legs: placedLegs.live(call.callId),
            })),
          teamOf: (callId) => sipStack.b2bua?.calls.teamOf(callId),
          hangup: (callId) => sipStack.b2bua?.calls.hangup(callId) ?? false,
          addParty: (callId, number, by) =>
            queueParties?.add(callId, number, by) ??
            err({
              code: 'ERR_CALL_NOT_IN_QUEUE',
              status: 409,
              message: 'the call is not a queue call with a member on it (Q-19)',
            }),
        },
        // AGT-4 (D55): legs placed like the applications', listed with the calls.
        ...(media === undefined || sipStack.b2bua === undefined
          ? {}
          : {
              clickToCall: buildClickToCall({
                store: openedStore,
                media,
                originator: sipStack.b2bua.originator,
                clock,
                logger: logger.child({ component: 'click-to-call' }),
                recorder,
                presence: agentSessions,
                router: dialPlan,
                calls: sipStack.b2bua.calls,
              }),
            }),
      });
      lifecycle.adopt({ stop: async () => http?.close() });
      const url = await http.listen({ host: config.httpBind, port: config.httpPort });
      addresses = { http: url, sip: sipAddresses };
    },
    onStop: async () => {
      isDraining = true;
    },
  });

  metrics.onCollect(() => {
    metrics
      .gauge('switchyard_uptime_seconds', 'Seconds since the switch was built')
      .set({}, Math.round((clock.now() - startedAtMs) / 1000));
  });

  return {
    config,
    metrics,
    async start() {
      await lifecycle.start();
      return addresses!;
    },
    async stop() {
      isDraining = true;
      stopAskedAtMs ??= clock.monotonicMs();
      await lifecycle.stop();
    },
    store() {
      if (store === undefined) throw new ConfigError('store', undefined, 'switch not started');
      return store;
    },
    http() {
      if (http === undefined) throw new ConfigError('http', undefined, 'switch not started');
      return http;
    },
    sip() {
      if (sip === undefined) throw new ConfigError('sip', undefined, 'switch not started');
      return sip;
    },
  };
}

/** DTMF in SIP INFO bodies for the B2BUA, by content type (RFC 6086 legacy usage). */
function infoDtmfParser(
  contentType: string,
  body: string,
): { digit: string; durationMs: number } | undefined {
  const parsed =
    contentType === 'application/dtmf-relay'
      ? parseDtmfRelay(body)
      : contentType === 'application/dtmf'
        ? parseApplicationDtmf(body)
        : undefined;
  if (parsed === undefined || !parsed.ok) return undefined;
  return {
    digit: parsed.value.digit,
    durationMs: parsed.value.durationMs ?? DEFAULT_INFO_DURATION_MS,
  };
}
