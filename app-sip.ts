/*
 * The SIP stack wired to the config store (app.ts builds it): the
 * registrar's directory and binding persistence, registration trunks kept
 * in step with the store, the stack's settings and DTMF in INFO bodies.
 */
import { isIP } from 'node:net';
import type { Clock, Lifecycle, Logger } from './core/index.ts';
import { sdpCodecsFromOptions, teamRealm, type ConfigStore } from './core/config-store/index.ts';
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
  type ContactQualifySettings,
  type DtmfMode,
  type DtmfModes,
  type RegistrarDirectory,
  type QualifyTrunk,
  type RegistrationTrunk,
  type SipStack,
  type SipStackOptions,
  type StaticContact,
  type TransportAddress,
} from './signaling/index.ts';
import { advertisedHost, tlsFiles } from './app-host.ts';
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

/**
 * The enabled trunks whose effective config (template and details, T-1)
 * asks for qualify (T-2, D84): `qualify=yes` waits 2000 ms as Asterisk
 * does, `qualify=N` N ms, `no` or 0 not at all; `qualifyfreq=S` pings
 * every S seconds (60 by default).
 */
export function qualifyTrunks(store: ConfigStore): QualifyTrunk[] {
  return store.trunks.list().flatMap((t) => {
    if (t.status !== 'enabled' || t.host === '') return [];
    const values = store.trunks.effectiveConfig(t.id).values;
    const maxMs = qualifyMaxMs(values['qualify']);
    if (maxMs === undefined) return [];
    const freqSec = Number(values['qualifyfreq'] ?? 60);
    const intervalMs = Number.isInteger(freqSec) && freqSec > 0 ? freqSec * 1000 : 60_000;
    return [
      { trunkId: t.id, host: t.host, port: t.port, transport: t.transport, maxMs, intervalMs },
    ];
  });
}

/**
 * Contact qualify (T-2, D86): an extension's contacts are pinged when its
 * effective config (template and details) asks for it, with the same
 * reading of `qualify` and `qualifyfreq` as trunks. The default device
 * template has `qualify=yes`. An extension gone from the store is not.
 */
export function contactQualifySettings(
  store: ConfigStore,
): (binding: { readonly extensionId: number }) => ContactQualifySettings | undefined {
  return ({ extensionId }) => {
    if (store.extensions.find(extensionId) === undefined) return undefined;
    const values = store.extensions.effectiveConfig(extensionId).values;
    const maxMs = qualifyMaxMs(values['qualify']);
    if (maxMs === undefined) return undefined;
    const freqSec = Number(values['qualifyfreq'] ?? 60);
    const intervalMs = Number.isInteger(freqSec) && freqSec > 0 ? freqSec * 1000 : 60_000;
    return { maxMs, intervalMs };
  };
}

/**
 * How extensions and trunks take keys (T-2 `dtmfmode`, D88), from their
 * effective config: `inband` and `info` as configured. `rfc2833` and
 * `auto` are automatic for an extension (RFC 4733 when its phone offers
 * it, else tones, as before) and RFC 4733 for a trunk.
 */
export function storeDtmfModes(store: ConfigStore): DtmfModes {
  const configured = (mode: string | undefined): DtmfMode | undefined =>
    mode === 'inband' || mode === 'info' ? mode : undefined;
  return {
    extension: (id) =>
      store.extensions.find(id) === undefined
        ? undefined
        : configured(store.extensions.effectiveConfig(id).values['dtmfmode']),
    trunk: (id) =>
      store.trunks.find(id) === undefined
        ? undefined
        : configured(store.trunks.effectiveConfig(id).values['dtmfmode']),
  };
}

/**
 * The codecs an extension's phone may use (T-2 `allow=`/`disallow=`,
 * D94), from its effective config, as SDP encoding names; undefined when
 * the config says nothing of codecs.
 */
export function storeExtensionCodecs(
  store: ConfigStore,
): (extensionId: number) => readonly string[] | undefined {
  return (id) =>
    store.extensions.find(id) === undefined
      ? undefined
      : sdpCodecsFromOptions(store.extensions.effectiveConfig(id).options);
}

/**
 * An extension's fixed address (T-2 `host`, D92): a SIP extension whose
 * effective config names an IP address as `host` is rung there, at
 * `port` (5060) over `transport` (udp; tcp), as `defaultuser` or its
 * number, without registering. `host=dynamic` (the default device
 * template's) or a host name is not a fixed address.
 */
export function storeStaticContacts(
  store: ConfigStore,
): (teamId: number, number: string) => StaticContact | undefined {
  return (teamId, number) => {
    const owner = store.internalNumbers.lookup(teamId, number);
    if (owner?.kind !== 'extension' || owner.ownerId === null) return undefined;
    const extension = store.extensions.find(owner.ownerId);
    if (extension === undefined || extension.deviceType !== 'SIP') return undefined;
    const values = store.extensions.effectiveConfig(extension.id).values;
    const address = values['host']?.replace(/^\[|\]$/g, '');
    if (address === undefined || isIP(address) === 0) return undefined;
    const port = Number(values['port'] ?? 5060);
    return {
      extensionId: extension.id,
      user: values['defaultuser'] ?? number,
      address,
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 5060,
      protocol: values['transport']?.toLowerCase() === 'tcp' ? 'tcp' : 'udp',
    };
  };
}

function qualifyMaxMs(value: string | undefined): number | undefined {
  if (value === undefined || value === 'no') return undefined;
  if (value === 'yes') return 2000;
  const ms = Number(value);
  return Number.isInteger(ms) && ms > 0 ? ms : undefined;
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
