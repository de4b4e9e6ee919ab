import type { FastifyInstance } from 'fastify';
import { buildAdminApi } from './admin-api/index.ts';
import {
  ConfigError,
  Lifecycle,
  MetricsRegistry,
  systemClock,
  watchProcess,
  type CallApplications,
  type CallOriginator,
  type RingingCalls,
  type ExtensionPresence,
  type Clock,
  type Logger,
  type MediaControl,
} from './core/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import { openStore, type ConfigStore } from './core/config-store/index.ts';
import { EgressPolicy, createEgressFetch } from './core/webhooks/index.ts';
import { SipStack, type TransportAddress } from './signaling/index.ts';
import { PlacedLegBook } from './pbx/cdr/index.ts';
import type { RecordingCallRecorder } from './pbx/recording/index.ts';
import type { ConferenceRooms, QueueParties } from './pbx/index.ts';
import type { Queue } from './pbx/queue/index.ts';
import { publishQueueAgentEvents } from './pbx/team-events/index.ts';
import { startAgentSessions, switchDialPlan } from './app-agents.ts';
import { recordingCallRecorder, startCallRecords } from './app-call-records.ts';
import { adminApiDeps } from './app-admin-api.ts';
import { checkDataDir } from './app-host.ts';
import { agentHotkeyPolicy } from './app-hotkey-policy.ts';
import { voicemailMailOf } from './app-mail.ts';
import { startMediaPlane } from './app-media.ts';
import { extensionRingback } from './app-moh.ts';
import { blfPolicy, buildParkingLots, lightParkingLamps } from './app-parking.ts';
import { buildPbxApplications } from './app-pbx.ts';
import { provisionStore } from './app-provision.ts';
import {
  contactQualifySettings,
  storeDtmfModes,
  storeExtensionCodecs,
  storeFixedContactList,
  storeStaticContacts,
} from './app-sip-templates.ts';
import {
  infoDtmfParser,
  sipStackOptions,
  startRegistrationTrunks,
  storeBindingPersistence,
  storeDirectory,
  teamDomainOf,
} from './app-sip.ts';
import { installSystemSounds } from './app-sounds.ts';
import { startTeamEvents } from './app-team-events.ts';
import { storeCallLimits, storeTrunkAttempts } from './app-trunks.ts';
import { mailboxCounter } from './app-voicemail.ts';

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
      const processWatch = watchProcess(metrics);
      lifecycle.adopt({ stop: async () => processWatch.stop() });
      const dataDir = checkDataDir(config.dataDir);
      await installSystemSounds(dataDir, logger.child({ component: 'sounds' }));
      const openedStore = openStore({ dataDir, logger });
      store = openedStore;
      lifecycle.adopt({ stop: async () => store?.close() });
      provisionStore(store, {
        config,
        dataDir,
        logger,
        adminPassword: deps.adminPassword,
        onAdminCreated: deps.onAdminCreated,
      });
      const records = startCallRecords({
        config,
        dataDir,
        store: openedStore,
        clock,
        logger,
        lifecycle,
        presence: () => agentSessions,
      });
      const { cdrStore, billing, cdrRecorder, bills, recordingsDir } = records;
      // Recorded calls complete their CDR once the file is closed (CDR-3);
      // adopted here so that it drains after the media server has stopped.
      let recordingRecorder: RecordingCallRecorder | undefined;
      lifecycle.adopt({ stop: async () => recordingRecorder?.drain() });
      let media: MediaControl | undefined = deps.media ?? undefined;
      if (deps.media === undefined) {
        media = await startMediaPlane({
          config,
          dataDir,
          recordingsDir,
          store: openedStore,
          logger,
          lifecycle,
        });
      }
      if (media !== undefined) {
        recordingRecorder = recordingCallRecorder(records, media, openedStore);
      }
      const { teamEvents, recorder } = startTeamEvents({
        fetch: egressFetch,
        store: openedStore,
        inner: recordingRecorder ?? cdrRecorder,
        clock,
        logger,
        metrics,
        lifecycle,
        shutdownTimeoutMs: config.shutdownTimeoutMs,
        stopAskedAtMs: () => stopAskedAtMs,
      });
      const agentSessions = startAgentSessions({
        store: openedStore,
        registrar: () => sip?.registrar,
        publish: (event) => teamEvents.publish(event),
        clock,
        logger,
      });
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
      const dialPlan = switchDialPlan(openedStore, cdrStore, agentSessions);
      // CDR-1: each leg placed for a call gets its row once it ends, and is
      // listed under its call in GET /calls until then.
      const placedLegs = new PlacedLegBook({
        storage: cdrStore,
        clock,
        logger: logger.child({ component: 'cdr-legs' }),
        agents: agentSessions,
      });
      sip = new SipStack(sipStackOptions(config, dataDir), {
        clock,
        logger: logger.child({ component: 'sip' }),
        metrics,
        directory: storeDirectory(store),
        persistence: storeBindingPersistence(store),
        // AGT-6: a signed-in agent's extension ignores its forwarding.
        router: dialPlan,
        media,
        recorder,
        domainOf: teamDomainOf(openedStore),
        hotkeysOf: (teamId) => openedStore.featureCodes.effective(teamId),
        placedLegs: (originator) => placedLegs.wrap(originator),
        hotkeyPolicy: agentHotkeyPolicy(openedStore.agentGroups, agentSessions),
        swallowHotkeyDigits: config.hotkeyDigits === 'swallow',
        infoDtmf: infoDtmfParser,
        ringbackOf: extensionRingback(openedStore),
        trunkAttempts: storeTrunkAttempts(openedStore, logger.child({ component: 'trunks' })),
        callLimits: storeCallLimits(openedStore),
        contactQualify: contactQualifySettings(openedStore),
        dtmfModes: storeDtmfModes(openedStore),
        staticContacts: storeStaticContacts(openedStore),
        fixedContacts: storeFixedContactList(openedStore),
        extensionCodecs: storeExtensionCodecs(openedStore),
        ...(media === undefined
          ? {}
          : {
              applications: (
                originator: CallOriginator,
                ringing: RingingCalls,
                presence: ExtensionPresence,
              ) =>
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
                  presence,
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
      });
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
      startRegistrationTrunks({
        sip: sipStack,
        store: openedStore,
        clock,
        logger,
        lifecycle,
        isDraining: () => isDraining,
      });
      http = await buildAdminApi(
        adminApiDeps({
          startedAtMs,
          clock,
          logger,
          metrics,
          isDraining: () => isDraining,
          store,
          cdrStore,
          bills,
          agentSessions,
          parking,
          conferenceRooms: () => conferenceRooms,
          liveQueues,
          dataDir,
          sip: sipStack,
          placedLegs,
          queueParties: () => queueParties,
          media,
          recorder,
          dialPlan,
        }),
      );
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
