/*
 * The SIP stack wired to the config store (app.ts builds it): the
 * registrar's directory and binding persistence, registration trunks kept
 * in step with the store, the stack's settings and DTMF in INFO bodies.
 */
import type { Clock, Lifecycle, Logger } from './core/index.ts';
import { teamRealm, type ConfigStore } from './core/config-store/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import {
  DEFAULT_INFO_DURATION_MS,
  parseApplicationDtmf,
  parseDtmfRelay,
} from './media/dtmf/index.ts';
import {
  DEFAULT_AUTH_FAILURE_POLICY,
  DEFAULT_REGISTRAR_OPTIONS,
  DEFAULT_SCANNER_USER_AGENTS,
  DEFAULT_SOURCE_LIMITS,
  DEFAULT_TIMERS,
  type BindingPersistence,
  type RegistrarDirectory,
  type RegistrationTrunk,
  type SipStack,
  type SipStackOptions,
  type TransportAddress,
} from './signaling/index.ts';
import { advertisedHost, tlsFiles } from './app-host.ts';
import { qualifyTrunks } from './app-sip-templates.ts';
import { VERSION } from './version.ts';

/** How often registration trunks are compared with the store (reload). */
const TRUNK_SYNC_MS = 10_000;

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

/** The SIP domain of a team, for the B2BUA: its realm. */
export function teamDomainOf(store: ConfigStore): (teamId: number) => string | undefined {
  return (teamId) => {
    const team = store.teams.find(teamId);
    return team === undefined ? undefined : teamRealm(team);
  };
}

/** The SIP stack's settings: configured ports and addresses, defaults else. */
export function sipStackOptions(config: ProcessConfig, dataDir: string): SipStackOptions {
  return {
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
  };
}

/**
 * Starts the carrier registrations of the store's registration trunks and
 * keeps them in step with it until the switch drains.
 */
export function startRegistrationTrunks(w: {
  sip: SipStack;
  store: ConfigStore;
  clock: Clock;
  logger: Logger;
  lifecycle: Lifecycle;
  isDraining: () => boolean;
}): void {
  const { clock, lifecycle, logger } = w;
  const sipStack = w.sip;
  sipStack.trunkRegistrations.start(registrationTrunks(w.store));
  sipStack.trunkQualify.sync(qualifyTrunks(w.store));
  // Reload for registration trunks (docs/decisions.md): trunks added,
  // changed or removed over the API are applied within TRUNK_SYNC_MS.
  const trunkSync = clock.setInterval(() => {
    if (w.isDraining()) return;
    sipStack.trunkQualify.sync(qualifyTrunks(w.store));
    sipStack.trunkRegistrations.sync(registrationTrunks(w.store)).catch((err: unknown) => {
      logger.warn({ err }, 'registration trunks sync failed');
    });
  }, TRUNK_SYNC_MS);
  lifecycle.adopt({ stop: async () => clock.clearInterval(trunkSync) });
}

/** DTMF in SIP INFO bodies for the B2BUA, by content type (RFC 6086 legacy usage). */
export function infoDtmfParser(
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
