/*
 * The SIP stack's settings that come from PBX templates (spec 02 §3.5,
 * T-2): what trunks' and extensions' effective configs (template and
 * details, T-1) ask of qualify, DTMF, codecs and fixed addresses.
 */
import { isIP } from 'node:net';
import { sdpCodecsFromOptions, type ConfigStore } from './core/config-store/index.ts';
import type {
  ContactQualifySettings,
  DtmfMode,
  DtmfModes,
  QualifyTrunk,
  StaticContact,
  FixedContact,
} from './signaling/index.ts';

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

/** The characters of a SIP URI's user part (RFC 3261 §25.1 `user`), escapes included. */
const SIP_USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;

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
    return fixedContactOf(extension.id, number, values);
  };
}

/**
 * Every extension at a fixed address (D92), for their qualify (D95): the
 * same list object while the configuration is unchanged, so that the
 * caller can tell at once whether anything moved.
 */
export function storeFixedContactList(store: ConfigStore): () => readonly FixedContact[] {
  let stamp = Number.NaN;
  let list: readonly FixedContact[] = [];
  return () => {
    const now = store.changeStamp();
    if (now === stamp) return list;
    list = store.extensions.fixedHostCandidates().flatMap((e) => {
      const contact = fixedContactOf(e.id, e.internalNumber, e.values);
      return contact === undefined ? [] : [{ teamId: e.teamId, number: e.internalNumber, contact }];
    });
    stamp = now;
    return list;
  };
}

/** A SIP extension's fixed address from its effective config's values, if it has one. */
function fixedContactOf(
  extensionId: number,
  number: string,
  values: Readonly<Record<string, string>>,
): StaticContact | undefined {
  const address = values['host']?.replace(/^\[|\]$/g, '');
  if (address === undefined || isIP(address) === 0) return undefined;
  const port = Number(values['port'] ?? 5060);
  const user = values['defaultuser'];
  return {
    extensionId,
    // RFC 3261 §25.1 user characters only: the value goes into a URI.
    user: user !== undefined && SIP_USER.test(user) ? user : number,
    address,
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 5060,
    protocol: values['transport']?.toLowerCase() === 'tcp' ? 'tcp' : 'udp',
  };
}

function qualifyMaxMs(value: string | undefined): number | undefined {
  if (value === undefined || value === 'no') return undefined;
  if (value === 'yes') return 2000;
  const ms = Number(value);
  return Number.isInteger(ms) && ms > 0 ? ms : undefined;
}
